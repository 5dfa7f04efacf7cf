"""The pure rules of the formal evaluation, as named cases."""

from __future__ import annotations

import datetime as dt

import pytest

from itisa.evaluation import rules

D = dt.date


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [("before 2016", D(2016, 7, 4), "2008"), ("on the 2016 date", D(2016, 7, 5), "2016"), ("later", D(2026, 7, 1), "2016")],
)  # fmt: skip
def test_rule_set_in_force(name: str, day: dt.date, expected: str) -> None:
    assert rules.rule_set_in_force(day, {"2008": D(2008, 12, 30), "2016": D(2016, 7, 5)}) == expected


def test_no_rule_set_in_force_is_an_error() -> None:
    with pytest.raises(ValueError, match="no eligibility rule set is in force on 2008-01-01"):
        rules.rule_set_in_force(D(2008, 1, 1), {"2008": D(2008, 12, 30)})


@pytest.mark.parametrize(
    ("name", "published", "months", "deadline"),
    [("six months", D(2026, 12, 1), 6, D(2027, 5, 31)), ("month end", D(2026, 8, 31), 6, D(2027, 2, 27)),
     ("a year", D(2026, 1, 15), 12, D(2027, 1, 14)), ("leap day", D(2027, 8, 29), 6, D(2028, 2, 28))],
)  # fmt: skip
def test_rectification_deadline(name: str, published: dt.date, months: int, deadline: dt.date) -> None:
    assert rules.rectification_deadline(published, months) == deadline


@pytest.mark.parametrize(("grade", "what"), [("A", "none"), ("B", "rectify"), ("C", "eliminate")])
def test_consequence(grade: str, what: str) -> None:
    assert rules.consequence(grade) == what


@pytest.mark.parametrize(
    ("grades", "tally", "majority"),
    [(["A", "A", "B"], {"A": 2, "B": 1, "C": 0}, "A"), (["A", "B"], {"A": 1, "B": 1, "C": 0}, ""),
     ([], {"A": 0, "B": 0, "C": 0}, ""), (["C", "C", "C"], {"A": 0, "B": 0, "C": 3}, "C")],
)  # fmt: skip
def test_panel_tally_and_majority(grades: list[str], tally: dict[str, int], majority: str) -> None:
    assert (rules.panel_tally(grades), rules.panel_majority(grades)) == (tally, majority)


def test_deadlines_in_order() -> None:
    steps = [("a", D(2026, 7, 1)), ("b", D(2026, 6, 1)), ("c", D(2026, 8, 1)), ("d", D(2027, 1, 1))]
    assert rules.deadlines_in_order(D(2026, 6, 1), D(2026, 12, 31), steps) == ["b", "d"]


@pytest.mark.parametrize(
    ("until", "ends", "covered"),
    [(D(2026, 5, 31), D(2026, 12, 31), True), (D(2026, 12, 31), D(2026, 12, 31), True),
     (D(2027, 1, 1), D(2026, 12, 31), False), (None, D(2026, 12, 31), False)],
)  # fmt: skip
def test_covers(until: dt.date | None, ends: dt.date, covered: bool) -> None:
    assert rules.covers(until, ends) is covered
