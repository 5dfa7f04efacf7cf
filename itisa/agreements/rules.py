"""Pure rules of agreements: when an agreement's term ends.

Periods are counted as the Civil Code counts them (《中华人民共和国民法典》第二百零一条、第二百零二条): the
day the agreement enters into force is not counted; a term of N years ends on the day of the last
year that corresponds to the day of entry into force, or on the last day of that month when it has
no such day (29 February). A term given as an end date runs to the end of that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later; the month's last day when there is none (29 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def term_ends_on(term: Mapping[str, Any] | None, in_force_from: dt.date | None) -> dt.date | None:
    """The last day of an agreement's term: ``term.until``, or ``term.years`` after it entered into force.

    None when the agreement states no term, or when it counts in years and has not entered into force.
    """
    term = term or {}
    until = term.get("until")
    if until:
        return until if isinstance(until, dt.date) else dt.date.fromisoformat(str(until))
    years = term.get("years")
    if years and in_force_from is not None:
        return add_years(in_force_from, int(years))
    return None
