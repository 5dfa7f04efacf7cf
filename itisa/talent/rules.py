"""Pure rules of talent exchange (no ORM): how long an exchange lasts, and how much of it falls in a year
(the person-months an evaluation counts, 国科发政〔2008〕770号 Art. 5)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")
DAYS_IN_MONTH = Decimal(30)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (to the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Duration:
    """Whole calendar months and the days left over, both ends of the period included."""

    months: int
    days: int

    @property
    def person_months(self) -> Decimal:
        """The months, with the days left over as thirtieths of a month, to a tenth (half up)."""
        return (Decimal(self.months) + Decimal(self.days) / DAYS_IN_MONTH).quantize(TENTH, ROUND_HALF_UP)


def duration(starts_on: dt.date, ends_on: dt.date) -> Duration:
    """How long a period lasts, ``starts_on`` and ``ends_on`` included: 2026-03-01 to 2026-08-31 is six
    months; 2026-03-15 to 2026-04-14 one month; 2026-03-01 to 2026-03-10 ten days. Nothing before the start."""
    if ends_on < starts_on:
        return Duration(0, 0)
    after = ends_on + dt.timedelta(days=1)
    months = (after.year - starts_on.year) * 12 + after.month - starts_on.month
    while months > 0 and add_months(starts_on, months) > after:
        months -= 1
    return Duration(months, (after - add_months(starts_on, months)).days)


def person_months_in_year(starts_on: dt.date, ends_on: dt.date, year: int) -> Decimal:
    """The person-months of a period that fall within ``year`` (the period clipped to the year)."""
    start, end = max(starts_on, dt.date(year, 1, 1)), min(ends_on, dt.date(year, 12, 31))
    if end < start:
        return Decimal("0.0")
    return duration(start, end).person_months
