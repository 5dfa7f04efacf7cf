"""The fee of a platform's use and the units a booking counts (pure functions, no ORM).

Alliances build public technology platforms and share major equipment among their members
(国科发政〔2008〕770号 第五条); the charges for opening large research instruments to others follow the
principle of cost compensation without profit (国发〔2014〕70号), with a rate for members and one for
outside users in the platform's fee schedule. A fee is the rate per unit times the units, in CNY,
quantized to the fen (0.01) rounding half up. A booking counts hours (the exact duration, to the
hundredth of an hour), days (the calendar days in Beijing time the window touches) or samples (as
booked); the units actually used are what the host records after the booking ends.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from itisa.platforms.choices import CapacityUnit

CODE = "art5.platform_fee"
REFERENCE = "国科发政〔2008〕770号 第五条；国发〔2014〕70号（成本补偿、非盈利）"
FEN = Decimal("0.01")
HUNDREDTH = Decimal("0.01")
SECONDS_PER_HOUR = Decimal(3600)


def fee(rate: Decimal, units: Decimal) -> Decimal:
    """``rate`` × ``units`` in CNY, to the fen, rounding half up (the fee schedule's rule)."""
    return (Decimal(rate) * Decimal(units)).quantize(FEN, rounding=ROUND_HALF_UP)


def hours(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    """The duration of a window in hours, to the hundredth of an hour, rounding half up."""
    seconds = Decimal(int((ends_at - starts_at).total_seconds()))
    return (seconds / SECONDS_PER_HOUR).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def days(starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    """The calendar days (Beijing time) a window touches: 09:00–17:00 is one day, 22:00–02:00 two;
    a window ending at midnight does not touch the next day."""
    first = timezone.localtime(starts_at).date()
    last = timezone.localtime(ends_at - dt.timedelta(microseconds=1)).date()
    return (last - first).days + 1


def booked_units(unit: str, starts_at: dt.datetime, ends_at: dt.datetime, samples: int) -> Decimal:
    """What a booking counts in the platform's unit: hours, days touched, or the samples booked."""
    if unit == CapacityUnit.HOUR:
        return hours(starts_at, ends_at)
    if unit == CapacityUnit.DAY:
        return Decimal(days(starts_at, ends_at))
    return Decimal(samples)


def rate_for(*, member: bool, member_rate: Decimal, outside_rate: Decimal | None) -> Decimal | None:
    """The rate that applies: the member rate to a member, the outside rate to anyone else (``None``:
    the platform is not open to outside users)."""
    return member_rate if member else outside_rate


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Whether two half-open windows [start, end) share a moment (back-to-back windows do not)."""
    return a_start < b_end and b_start < a_end
