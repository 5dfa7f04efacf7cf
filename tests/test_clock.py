"""The date-bomb guard: `--clock-shift-days N` (and `ITISA_TEST_CLOCK_SHIFT_DAYS`) moves every clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from time_machine import escape_hatch


def test_the_clock_is_moved_by_the_requested_number_of_days(pytestconfig: Any) -> None:
    days = pytestconfig.getoption("--clock-shift-days")
    travelling = escape_hatch.is_travelling()
    real = escape_hatch.datetime.datetime.now(dt.UTC) if travelling else dt.datetime.now(dt.UTC)
    assert travelling == bool(days)
    moved = timezone.now()
    # both clocks tick on; an hour of slack covers a slow machine, not a day
    assert abs((moved - real) - dt.timedelta(days=days)) < dt.timedelta(hours=1)
    # the standard library's naive clock too (what a careless test would call)
    today = dt.date.today()  # noqa: DTZ011
    assert abs(today - (real + dt.timedelta(days=days)).date()) <= dt.timedelta(days=1)
