"""The clocks of governance (``core.clocks``): ballots close at their deadline; seats are reminded first;
a passed motion's resolution takes effect when its veto window has passed without a veto.

Registered in ``GovernanceConfig.ready``. The selectors that show motions settle the deadline clock
first (``selectors.motions_of``, ``selectors.motion_get``), so a page, the API and the command line
show a ballot closed once its deadline has passed even if no worker ran.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.governance.choices import MotionStatus, ResolutionEffect, VotingMethod
from itisa.governance.models import Motion, Resolution

BALLOT_DEADLINE = "governance.ballot.deadline"
BALLOT_REMINDER = "governance.ballot.reminder"
VETO_WINDOW = "governance.resolution.veto_window"
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
