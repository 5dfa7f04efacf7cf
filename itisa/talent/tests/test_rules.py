"""The duration of an exchange and its person-months within a year (pure rules, named cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from itisa.talent.rules import Duration, add_months, duration, person_months_in_year

d = dt.date


@pytest.mark.parametrize(
    ("name", "start", "end", "expected", "person_months"),
    [
        ("six whole months", d(2026, 3, 1), d(2026, 8, 31), Duration(6, 0), D("6.0")),
        ("one month mid-month", d(2026, 3, 15), d(2026, 4, 14), Duration(1, 0), D("1.0")),
        ("ten days", d(2026, 3, 1), d(2026, 3, 10), Duration(0, 10), D("0.3")),
        ("one day", d(2026, 3, 1), d(2026, 3, 1), Duration(0, 1), D("0.0")),
        ("fifteen days round half up", d(2026, 3, 1), d(2026, 3, 15), Duration(0, 15), D("0.5")),
        (
            "a month from the 31st ends before the short month's last day",
            d(2026, 1, 31),
            d(2026, 2, 27),
            Duration(1, 0),
            D("1.0"),
        ),
        ("a year across a leap day", d(2027, 9, 1), d(2028, 8, 31), Duration(12, 0), D("12.0")),
        (
            "a month and two weeks across the new year",
            d(2026, 11, 20),
            d(2027, 1, 2),
            Duration(1, 14),
            D("1.5"),
        ),
        ("ends before it starts", d(2026, 3, 2), d(2026, 3, 1), Duration(0, 0), D("0.0")),
    ],
)
def test_duration(name: str, start: dt.date, end: dt.date, expected: Duration, person_months: D) -> None:
    assert duration(start, end) == expected
    assert duration(start, end).person_months == person_months


def test_add_months_keeps_to_the_month_end() -> None:
    assert add_months(d(2026, 1, 31), 1) == d(2026, 2, 28)
    assert add_months(d(2026, 11, 30), 3) == d(2027, 2, 28)


@pytest.mark.parametrize(
    ("start", "end", "year", "expected"),
    [
        (d(2026, 9, 1), d(2027, 8, 31), 2026, D("4.0")),
        (d(2026, 9, 1), d(2027, 8, 31), 2027, D("8.0")),
        (d(2026, 9, 1), d(2027, 8, 31), 2025, D("0.0")),
        (d(2025, 1, 1), d(2028, 12, 31), 2026, D("12.0")),
    ],
)
def test_person_months_in_a_year(start: dt.date, end: dt.date, year: int, expected: D) -> None:
    assert person_months_in_year(start, end, year) == expected
