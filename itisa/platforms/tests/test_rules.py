"""The fee rule and the units a booking counts, as named cases with exact values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from itisa.platforms import rules
from itisa.platforms.tests.conftest import BEIJING

UTC = dt.UTC


@pytest.mark.parametrize(
    ("name", "rate", "units", "fee"),
    [
        ("whole hours", "200.00", "3", "600.00"),
        ("half an hour", "200.00", "0.5", "100.00"),
        ("rounds half up at the fen", "0.05", "0.1", "0.01"),  # 0.005 → 0.01
        ("just below half rounds down", "0.05", "0.09", "0.00"),  # 0.0045 → 0.00
        ("hundredths of an hour", "333.33", "1.25", "416.66"),  # 416.6625
        ("half up, not to even", "12.50", "0.05", "0.63"),  # 0.625 → 0.63 (banker's would give 0.62)
        ("free for members", "0.00", "8", "0.00"),
        ("nothing used", "350.00", "0", "0.00"),
        ("large equipment day", "18888.88", "3", "56666.64"),
    ],
)
def test_fee(name: str, rate: str, units: str, fee: str) -> None:
    assert rules.fee(Decimal(rate), Decimal(units)) == Decimal(fee), name


@pytest.mark.parametrize(
    ("name", "start", "end", "hours"),
    [
        ("three and a half hours", (9, 0), (12, 30), "3.50"),
        ("twenty minutes", (9, 0), (9, 20), "0.33"),
        ("forty minutes", (9, 0), (9, 40), "0.67"),
        ("one minute", (9, 0), (9, 1), "0.02"),  # 0.01666… → 0.02
    ],
)
def test_hours(name: str, start: tuple[int, int], end: tuple[int, int], hours: str) -> None:
    s = dt.datetime(2026, 3, 10, *start, tzinfo=BEIJING)
    e = dt.datetime(2026, 3, 10, *end, tzinfo=BEIJING)
    assert rules.hours(s, e) == Decimal(hours), name


@pytest.mark.parametrize(
    ("name", "start", "end", "days"),
    [
        (
            "a working day",
            dt.datetime(2026, 3, 10, 9, tzinfo=BEIJING),
            dt.datetime(2026, 3, 10, 17, tzinfo=BEIJING),
            1,
        ),
        (
            "overnight touches two days",
            dt.datetime(2026, 3, 10, 22, tzinfo=BEIJING),
            dt.datetime(2026, 3, 11, 2, tzinfo=BEIJING),
            2,
        ),
        (
            "ending at midnight",
            dt.datetime(2026, 3, 10, 0, tzinfo=BEIJING),
            dt.datetime(2026, 3, 12, 0, tzinfo=BEIJING),
            2,
        ),
        # 16:00 UTC is midnight in Beijing: the days are Beijing's, whatever zone the input is in
        (
            "given in UTC",
            dt.datetime(2026, 3, 10, 15, tzinfo=UTC),
            dt.datetime(2026, 3, 10, 17, tzinfo=UTC),
            2,
        ),
    ],
)
def test_days_are_beijing_days(name: str, start: dt.datetime, end: dt.datetime, days: int) -> None:
    assert rules.days(start, end) == days, name
    assert rules.booked_units("day", start, end, 0) == Decimal(days)


def test_samples_and_rates() -> None:
    s = dt.datetime(2026, 3, 10, 9, tzinfo=BEIJING)
    assert rules.booked_units("sample", s, s + dt.timedelta(hours=8), 12) == Decimal(12)
    assert rules.rate_for(member=True, member_rate=Decimal("10"), outside_rate=None) == Decimal("10")
    assert rules.rate_for(member=False, member_rate=Decimal("10"), outside_rate=None) is None
    assert (
        rules.overlaps(s, s + dt.timedelta(hours=1), s + dt.timedelta(hours=1), s + dt.timedelta(hours=2))
        is False
    )
    assert (
        rules.overlaps(s, s + dt.timedelta(hours=2), s + dt.timedelta(hours=1), s + dt.timedelta(hours=3))
        is True
    )
    assert rules.REFERENCE.startswith("国科发政〔2008〕770号 第五条")
