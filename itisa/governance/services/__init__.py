"""Writes of the governance app, each one audited in its transaction.

``bodies``: bodies, rules, seats, staff, the liability member. ``meetings``: notice, attendance,
minutes, proxies. ``minutes``: circulation, objections and acceptance of the minutes. ``motions``: motions, votes, closing and counting, resolutions, vetoes and their execution.
"""

from itisa.governance.services.bodies import (
    body_create,
    liability_designate,
    rules_adopt,
    rules_from_agreement,
    rules_from_values,
    seat_add,
    seat_end,
    seat_representative_change,
    seats_end_for_organisation,
    staff_add,
    staff_end,
)
from itisa.governance.services.meetings import (
    meeting_attendance_record,
    meeting_cancel,
    meeting_convene,
    meeting_minutes_record,
    proxy_give,
)
from itisa.governance.services.minutes import (
    meeting_minutes_accept,
    meeting_minutes_revise,
    minutes_object,
)
from itisa.governance.services.motions import (
    ballot_remind,
    ballots_remind,
    motion_close,
    motion_close_at_deadline,
    motion_open,
    motion_withdraw,
    resolution_assign,
    resolution_take_effect,
    resolution_update,
    resolution_veto,
    vote_cast,
)

__all__ = [
    "ballot_remind",
    "ballots_remind",
    "body_create",
    "liability_designate",
    "meeting_attendance_record",
    "meeting_cancel",
    "meeting_convene",
    "meeting_minutes_accept",
    "meeting_minutes_record",
    "meeting_minutes_revise",
    "minutes_object",
    "motion_close",
    "motion_close_at_deadline",
    "motion_open",
    "motion_withdraw",
    "proxy_give",
    "resolution_assign",
    "resolution_take_effect",
    "resolution_update",
    "resolution_veto",
    "rules_adopt",
    "rules_from_agreement",
    "rules_from_values",
    "seat_add",
    "seat_end",
    "seat_representative_change",
    "seats_end_for_organisation",
    "staff_add",
    "staff_end",
    "vote_cast",
]
