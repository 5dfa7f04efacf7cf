"""What is outstanding, what is left to draw, whether a drawdown fits its line (named cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import translation

from itisa.financing.rules import drawdown_problems, outstanding, repayment_state, undrawn

d = dt.date


def test_outstanding_and_undrawn_to_the_fen() -> None:
    assert outstanding(D("1500000.00"), [D("500000.00"), D("1.01")]) == D("999998.99")
    assert outstanding(D("100.00"), [D("100.00"), D("1.00")]) == D("0.00")
    assert undrawn(D("4000000.00"), [D("1500000.00"), D("1000000.00")]) == D("1500000.00")
    assert undrawn(D("10.00"), []) == D("10.00")


@pytest.mark.parametrize(
    ("name", "amount", "drawn_on", "due_on", "expected"),
    [
        ("fits", D("400"), d(2026, 3, 1), d(2026, 9, 1), {}),
        ("exactly the undrawn rest", D("500"), d(2027, 12, 31), d(2027, 12, 31), {}),
        ("beyond the limit", D("500.01"), d(2026, 3, 1), d(2026, 9, 1),
         {"amount": ["The drawdown of ¥500.01 exceeds the line's undrawn limit of ¥500.00."]}),
        ("before the term", D("1"), d(2025, 12, 31), d(2026, 9, 1),
         {"drawn_on": ["The drawdown date 31 Dec 2025 is outside the line's term (1 Jan 2026 to 31 Dec 2027)."]}),
        ("after the term", D("1"), d(2028, 1, 1), d(2028, 9, 1),
         {"drawn_on": ["The drawdown date 1 Jan 2028 is outside the line's term (1 Jan 2026 to 31 Dec 2027)."]}),
        ("due before drawn", D("1"), d(2026, 3, 1), d(2026, 2, 28),
         {"due_on": ["A drawdown falls due on or after the day it is drawn."]}),
    ],
)  # fmt: skip
def test_drawdown_problems(
    name: str, amount: D, drawn_on: dt.date, due_on: dt.date, expected: dict[str, list[str]]
) -> None:
    with translation.override("en"):
        problems = drawdown_problems(amount=amount, drawn_on=drawn_on, due_on=due_on, limit=D("1000.00"),
                                     drawn=[D("500.00")], starts_on=d(2026, 1, 1), ends_on=d(2027, 12, 31))  # fmt: skip
    assert problems == expected


@pytest.mark.parametrize(
    ("today", "owed", "state"),
    [(d(2026, 9, 14), D("1"), "running"), (d(2026, 9, 15), D("1"), "due"), (d(2026, 10, 15), D("1"), "due"),
     (d(2026, 10, 16), D("1"), "overdue"), (d(2026, 10, 16), D("0"), "repaid")],
)  # fmt: skip
def test_repayment_state(today: dt.date, owed: D, state: str) -> None:
    assert repayment_state(due_on=d(2026, 10, 15), owed=owed, today=today) == state
