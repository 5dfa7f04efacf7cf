"""Bars on a seat's vote (a member's rights suspended for breach) and on its veto (a member may not veto
the decision on its own breach), which apps above governance register.

Governance sits below membership in the layers (docs/architecture.md), so it cannot ask membership
whether the organisation a seat represents may vote today. Membership registers a *bar* in its
``AppConfig.ready`` instead: ``add_vote_bar(bar)``, where ``bar(seat, day)`` returns the reason the
seat may not vote on ``day``, or ``None``. ``permissions.can_vote`` asks ``vote_barred`` last, so
every vote (page, API, ``vote_cast``) is refused with that reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

VoteBar = Callable[[Any, dt.date], Any]

_BARS: list[VoteBar] = []


def add_vote_bar(bar: VoteBar) -> None:
    """Register ``bar(seat, day) -> reason | None`` (once; registering it again changes nothing)."""
    if bar not in _BARS:
        _BARS.append(bar)


def vote_barred(seat: Any, day: dt.date) -> str | None:
    """The first registered reason why ``seat`` may not vote on ``day``, or ``None``."""
    for bar in _BARS:
        reason = bar(seat, day)
        if reason:
            return str(reason)
    return None


# Vetoes (DESCA 6.3.4): "A Party which is the subject of breach proceedings may not veto decisions
# relating to its identification as a Defaulting Party" — membership knows which motion decides on
# which member, so it registers ``bar(seat, motion)`` the same way.
VetoBar = Callable[[Any, Any], Any]

_VETO_BARS: list[VetoBar] = []


def add_veto_bar(bar: VetoBar) -> None:
    """Register ``bar(seat, motion) -> reason | None`` (once)."""
    if bar not in _VETO_BARS:
        _VETO_BARS.append(bar)


def veto_barred(seat: Any, motion: Any, day: dt.date) -> str | None:
    """Why ``seat`` may not veto ``motion`` on ``day`` (its votes barred, or a registered veto bar), or None."""
    reason = vote_barred(seat, day)
    if reason:
        return reason
    for bar in _VETO_BARS:
        reason = bar(seat, motion)
        if reason:
            return str(reason)
    return None
