"""Bars on a seat's vote that apps above governance register (a member's rights suspended for breach).

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
