"""Audit action codes of governance."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

BODY_CREATED = register_action("governance.body.created", _("Body created"))
RULES_ADOPTED = register_action("governance.rules.adopted", _("Decision rules adopted"))
RULES_FROM_AGREEMENT = register_action(
    "governance.rules.from_agreement", _("Decision rules taken from the agreement")
)
SEAT_ADDED = register_action("governance.seat.added", _("Seat added"))
SEAT_ENDED = register_action("governance.seat.ended", _("Seat term ended"))
STAFF_ADDED = register_action("governance.staff.added", _("Staff member registered"))
STAFF_ENDED = register_action("governance.staff.ended", _("Staff member left"))
LIABILITY_DESIGNATED = register_action(
    "governance.liability.designated", _("External liability member designated")
)
SEAT_REPRESENTATIVE_CHANGED = register_action(
    "governance.seat.representative_changed", _("Seat representative changed")
)
MEETING_CONVENED = register_action("governance.meeting.convened", _("Meeting convened"))
MEETING_ATTENDANCE = register_action("governance.meeting.attendance", _("Meeting attendance recorded"))
MEETING_MINUTES = register_action("governance.meeting.minutes", _("Meeting minutes recorded"))
MEETING_CANCELLED = register_action("governance.meeting.cancelled", _("Meeting cancelled"))
MOTION_OPENED = register_action("governance.motion.opened", _("Motion opened for votes"))
MOTION_WITHDRAWN = register_action("governance.motion.withdrawn", _("Motion withdrawn"))
MOTION_CLOSED = register_action("governance.motion.closed", _("Motion closed and counted"))
VOTE_CAST = register_action("governance.vote.cast", _("Vote cast"))
BALLOT_REMINDED = register_action("governance.ballot.reminded", _("Ballot closing reminder sent"))
RESOLUTION_ASSIGNED = register_action("governance.resolution.assigned", _("Resolution assigned"))
RESOLUTION_UPDATED = register_action("governance.resolution.updated", _("Resolution execution updated"))
RESOLUTION_VETOED = register_action("governance.resolution.vetoed", _("Decision vetoed by a seat"))
RESOLUTION_IN_FORCE = register_action(
    "governance.resolution.in_force", _("Decision in force: its veto window passed without a veto")
)
PROXY_GIVEN = register_action("governance.meeting.proxy", _("Proxy for a meeting recorded"))
MINUTES_REVISED = register_action("governance.meeting.minutes_revised", _("Revised meeting minutes recorded"))
MINUTES_OBJECTED = register_action("governance.meeting.minutes_objected", _("Objection to meeting minutes"))
MINUTES_ACCEPTED = register_action(
    "governance.meeting.minutes_accepted", _("Meeting minutes accepted: no objection within the window")
)
