"""The clocks of governance (``core.clocks``): ballots close at their deadline; seats are reminded first;
a passed motion's resolution takes effect when its veto window has passed without a veto; a meeting's
minutes are accepted when their objection window has passed without an objection.

Registered in ``GovernanceConfig.ready``. The selectors that show motions settle the deadline clock
first (``selectors.motions_of``, ``selectors.motion_get``), so a page, the API and the command line
show a ballot closed once its deadline has passed even if no worker ran.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.governance.choices import MinutesStatus, MotionStatus, ResolutionEffect, VotingMethod
from itisa.governance.models import Meeting, Motion, Resolution

BALLOT_DEADLINE = "governance.ballot.deadline"
BALLOT_REMINDER = "governance.ballot.reminder"
VETO_WINDOW = "governance.resolution.veto_window"
MINUTES_WINDOW = "governance.meeting.minutes_window"
REMIND_WITHIN = dt.timedelta(hours=24)


def ballots_past_deadline(now: dt.datetime) -> QuerySet[Motion]:
    """Open written ballots whose deadline has passed (a vote at the deadline itself still counts)."""
    return Motion.objects.filter(status=MotionStatus.OPEN, method=VotingMethod.BALLOT, deadline__lt=now)


def is_past_deadline(motion: Motion, now: dt.datetime) -> bool:
    """The same test on a motion already read (no query)."""
    return (
        motion.status == MotionStatus.OPEN and motion.method == VotingMethod.BALLOT and motion.deadline < now
    )


def vetoes_lapsed(now: dt.datetime) -> QuerySet[Resolution]:
    """Resolutions pending a veto whose window has ended (a veto at its last moment still counts)."""
    return Resolution.objects.filter(effect=ResolutionEffect.PENDING_VETO, veto_until__lt=now)


def is_veto_lapsed(resolution: Resolution, now: dt.datetime) -> bool:
    """The same test on a resolution already read (no query)."""
    return (
        resolution.effect == ResolutionEffect.PENDING_VETO
        and resolution.veto_until is not None
        and resolution.veto_until < now
    )


def minutes_windows_lapsed(now: dt.datetime) -> QuerySet[Meeting]:
    """Minutes circulated without an objection whose objection window has ended (an objection at its last
    moment still counts)."""
    return Meeting.objects.filter(minutes_status=MinutesStatus.CIRCULATED, minutes_objection_until__lt=now)


def is_minutes_window_lapsed(meeting: Meeting, now: dt.datetime) -> bool:
    """The same test on a meeting already read (no query)."""
    return (
        meeting.minutes_status == MinutesStatus.CIRCULATED
        and meeting.minutes_objection_until is not None
        and meeting.minutes_objection_until < now
    )


def ballots_to_remind(now: dt.datetime, within: dt.timedelta = REMIND_WITHIN) -> QuerySet[Motion]:
    """Open ballots closing within ``within`` of ``now`` whose seats have not been reminded yet."""
    return Motion.objects.filter(
        status=MotionStatus.OPEN,
        method=VotingMethod.BALLOT,
        reminded_at__isnull=True,
        deadline__gt=now,
        deadline__lte=now + within,
    ).select_related("body", "body__alliance")


def _close(motion: Motion, now: dt.datetime) -> bool:
    # services import the selectors, which settle this clock: imported when the clock fires
    from itisa.governance.services import motion_close_at_deadline

    return motion_close_at_deadline(motion=motion, now=now) is not None


def _remind(motion: Motion, now: dt.datetime) -> bool:
    from itisa.governance.services import ballot_remind

    return ballot_remind(motion=motion, now=now)


def _take_effect(resolution: Resolution, now: dt.datetime) -> bool:
    from itisa.governance.services import resolution_take_effect

    return resolution_take_effect(resolution=resolution, now=now) is not None


def _accept_minutes(meeting: Meeting, now: dt.datetime) -> bool:
    from itisa.governance.services import meeting_minutes_accept

    return meeting_minutes_accept(meeting=meeting, now=now) is not None


def register_clocks() -> None:
    clocks.register(
        BALLOT_DEADLINE,
        label=_("A written ballot closes at its deadline and is counted"),
        reference="国科发政〔2008〕770号 第八条(三); agreement: procedures (votes)",
        due=ballots_past_deadline,
        fire=_close,
    )
    clocks.register(
        BALLOT_REMINDER,
        label=_("Seats that have not voted are reminded 24 hours before a ballot closes"),
        reference="ITISA: reminder of a written ballot",
        due=ballots_to_remind,
        fire=_remind,
    )
    clocks.register(
        VETO_WINDOW,
        label=_("A passed motion takes effect when its veto window has passed without a veto"),
        reference="DESCA model consortium agreement 6.3.4 (veto rights); agreement: procedures (votes)",
        due=vetoes_lapsed,
        fire=_take_effect,
    )
    clocks.register(
        MINUTES_WINDOW,
        label=_(
            "A meeting's minutes are accepted when their objection window has passed without an objection"
        ),
        reference="DESCA model consortium agreement 6.2.5 (minutes); agreement: procedures (minutes_objection_days)",
        due=minutes_windows_lapsed,
        fire=_accept_minutes,
    )
