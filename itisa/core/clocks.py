"""Clocks: deadlines that take effect by themselves, whether or not anything ran at that moment.

A ballot closes at its deadline, a notice of exit ends the membership when its period has run, an
agreement reaches the end of its term. Each domain app registers its clocks in ``AppConfig.ready``::

    clocks.register(
        "governance.ballot.deadline",
        label=_("A ballot closes at its deadline"),
        reference="Agreement, procedures: written ballots",
        due=ballots_past_deadline,      # now -> QuerySet of candidate subjects (one query)
        fire=close_ballot_at_deadline,  # (subject, now) -> True if it acted, False if nothing was left to do
    )

and two things make them run:

- ``run_due(now)``, called by the ``tick`` task that ``itisa worker`` enqueues every minute, fires
  every due subject of every clock, each in its own transaction, and returns counts per clock;
- ``settle(code, **lookups)``, called by the selectors that show a subject, fires the due subjects
  among those the page is about before it reads them (lazy evaluation, materialised): a page shows a
  ballot closed once its deadline has passed even if no worker ever ran.

``fire`` must be idempotent: it locks its subject (``select_for_update``), checks again that the
subject is still due (its status, its date) and returns False without writing anything when it is
not, so two workers, or a worker and a page, firing the same subject at once act once. ``is_due``
is an optional check in Python for what the query cannot say (a term counted in years stored in an
agreement's JSON); the candidates it rejects are not counted as due.

``fire`` raising a ``DomainError`` (dues not settled, a rule that refuses) rolls back that subject
alone; it is logged and counted as failed, and the other subjects still fire. Any other exception is
a bug and propagates (the task is recorded as failed with its traceback).

This module is in ``core``: it knows no domain model; the apps bring their querysets and services.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from itisa.core.errors import DomainError

logger = logging.getLogger(__name__)

Due = Callable[[dt.datetime], "QuerySet[Any]"]
Fire = Callable[[Any, dt.datetime], bool]
IsDue = Callable[[Any, dt.datetime], bool]


@dataclass(frozen=True)
class Clock:
    """A named deadline: which subjects are due at ``now`` and what happens to each when it passes."""

    code: str
    label: str | Promise
    reference: str
    due: Due
    fire: Fire
    is_due: IsDue | None = None


@dataclass
class Counts:
    """What one run of a clock did: subjects found due, fired (acted on), already settled, failed."""

    due: int = 0
    fired: int = 0
    settled: int = 0
    failed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"due": self.due, "fired": self.fired, "settled": self.settled, "failed": self.failed}


_CLOCKS: dict[str, Clock] = {}


def register(
    code: str,
    *,
    label: str | Promise,
    reference: str,
    due: Due,
    fire: Fire,
    is_due: IsDue | None = None,
) -> Clock:
    """Add a clock (from an ``AppConfig.ready``). Registering the same code again replaces it."""
    clock = Clock(code=code, label=label, reference=reference, due=due, fire=fire, is_due=is_due)
    _CLOCKS[code] = clock
    return clock


def registered() -> list[Clock]:
    """Every clock, in the order the apps registered them."""
    return list(_CLOCKS.values())


def get(code: str) -> Clock:
    """The clock registered under ``code`` (KeyError when there is none: a typo must fail loudly)."""
    return _CLOCKS[code]


def _fire_one(clock: Clock, subject: Any, now: dt.datetime, counts: Counts) -> None:
    if clock.is_due is not None and not clock.is_due(subject, now):
        return
    counts.due += 1
    try:
        with transaction.atomic():
            acted = clock.fire(subject, now)
    except DomainError as exc:
        counts.failed += 1
        logger.warning("clock %s: %r not fired: %s", clock.code, subject, exc.message)
        return
    if acted:
        counts.fired += 1
    else:
        counts.settled += 1


def _run(clock: Clock, now: dt.datetime, *filters: Q, **lookups: Any) -> Counts:
    counts = Counts()
    candidates = clock.due(now)
    if filters or lookups:
        candidates = candidates.filter(*filters, **lookups)
    for subject in list(candidates):
        _fire_one(clock, subject, now, counts)
    return counts


def run_due(now: dt.datetime | None = None, *, codes: list[str] | None = None) -> dict[str, Counts]:
    """Fire every due subject of every clock (or of ``codes``); counts per clock code."""
    now = now or timezone.now()
    chosen = [get(code) for code in codes] if codes is not None else registered()
    return {clock.code: _run(clock, now) for clock in chosen}


def settle(code: str, *filters: Q, now: dt.datetime | None = None, **lookups: Any) -> Counts:
    """Fire clock ``code`` for its due subjects among those matching ``filters``/``lookups``.

    For selectors, before they read what they show: one query finds the due subjects (usually
    none); each is fired as ``run_due`` would.
    """
    return _run(get(code), now or timezone.now(), *filters, **lookups)
