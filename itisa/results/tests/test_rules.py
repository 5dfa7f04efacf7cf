"""The pure rules: shares that add up to 100, owners from each ``ip.default_ownership`` option, CNIPA
numbers that fit the kind, and the dates a status needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from itisa.results.rules import date_problems, derive_owners, equal_shares, number_problem, share_problems

A, B, C, LIABLE = 1, 2, 3, 9
CONTRIBUTIONS = [(A, D("50.5")), (B, D("30")), (C, D("19.5"))]


@pytest.mark.parametrize(
    ("rule", "contract", "owners", "basis", "problems"),
    [
        ("creator", [], CONTRIBUTIONS, "agreement", ()),
        ("joint", [], [(A, D("33.34")), (B, D("33.33")), (C, D("33.33"))], "agreement", ()),
        ("alliance", [], [(LIABLE, D(100))], "agreement", ()),
        ("by_project_contract", [(B, D(100))], [(B, D(100))], "project_contract", ()),
        ("by_project_contract", [], [], "project_contract",
         ("The agreement leaves ownership to the project contract: give the owners and their shares.",)),
        ("by_project_contract", [(B, D(90))], [(B, D(90))], "project_contract",
         ("The shares add up to 90%, not 100%.",)),
        (None, [], [(A, D("33.34")), (B, D("33.33")), (C, D("33.33"))], "statute", ()),
    ],
    ids=["creator-by-contribution", "joint-equal", "alliance-liability-member", "project-contract",
         "project-contract-missing", "project-contract-90", "no-rule-statute-joint"],
)  # fmt: skip
def test_owners_follow_the_agreement_rule(
    rule: str | None, contract: list, owners: list, basis: str, problems: tuple[str, ...]
) -> None:
    found = derive_owners(rule, CONTRIBUTIONS, liability_member=LIABLE, contract_owners=contract)
    assert (found.owners, found.basis, found.rule, found.problems) == (owners, basis, rule or "", problems)


def test_the_alliance_rule_needs_a_liability_member() -> None:
    found = derive_owners("alliance", CONTRIBUTIONS, liability_member=None)
    assert (found.owners, found.problems) == (
        [],
        ("The agreement gives results to the member bearing external liability, and none is designated.",),
    )


@pytest.mark.parametrize("count", [1, 2, 3, 6, 7, 9, 11, 30, 101])
def test_equal_shares_add_up_to_exactly_100(count: int) -> None:
    found = equal_shares(count)
    assert (len(found), sum(found), max(found) - min(found) <= D("0.01")) == (count, D(100), True)


@pytest.mark.parametrize(
    ("pairs", "problems"),
    [
        ([(A, D("60")), (B, D("40"))], []),
        ([(A, D("60")), (B, D("39.99"))], ["The shares add up to 99.99%, not 100%."]),
        ([(A, D("100.01")), (B, D("-0.01"))], ["A share is more than 0 and at most 100."]),
        ([(A, D("50")), (A, D("50"))], ["Each organisation appears once."]),
        ([], ["Name at least one with a share."]),
    ],
    ids=["100", "99.99", "out-of-bounds", "twice", "none"],
)
def test_shares_add_up_to_exactly_100(pairs: list, problems: list[str]) -> None:
    assert share_problems(pairs) == problems


@pytest.mark.parametrize(
    ("kind", "raw", "number", "problem"),
    [
        ("invention", "ZL201811564288.X", "201811564288.X", None),
        ("invention", "CN201880013080.0", "201880013080.0", None),  # PCT national phase (8)
        ("utility_model", "201821844933.9", "201821844933.9", None),
        ("design", "zl 201830072131.x", "201830072131.X", None),
        ("invention", "ZL99113861.9", "99113861.9", None),
        ("invention", "ZL201811564288.5", "201811564288.5", "The check character is wrong: it should be X."),
        ("invention", "", "", "A patent needs its CNIPA application number."),
        ("invention", "ZL201821844933.9", "201821844933.9",
         "The type digit 2 says Utility model, but the result is of the kind Invention patent."),
        ("design", "ZL20183007213.X", "ZL20183007213.X",
         "Not a CNIPA application number: 12 digits (from 2003-10-01) or 8 digits (before), then the check "
         "character 0-9 or X, optionally after ZL or CN and a dot (e.g. ZL201811564288.X)."),
        ("software", "2019SR0123456", "2019SR0123456", None),
        ("paper", "", "", None),
    ],
    ids=["invention", "pct", "utility", "design-lower", "old-format", "check", "missing", "kind-mismatch",
         "short", "software", "paper"],
)  # fmt: skip
def test_numbers_fit_the_kind(kind: str, raw: str, number: str, problem: str | None) -> None:
    assert number_problem(kind, raw) == (number, problem)


TODAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("raw", "today", "problem"),
    [
        ("ZL203510012345.0", dt.date(2035, 1, 1), None),
        ("ZL203510012345.0", dt.date(2034, 12, 31), "The application year 2035 is in the future."),
        ("ZL201811564288.X", TODAY, None),
    ],
    ids=["this-year", "next-year", "past"],
)
def test_a_patent_number_from_a_future_year_is_refused(raw: str, today: dt.date, problem: str | None) -> None:
    assert number_problem("invention", raw, today=today) == (raw[2:], problem)


@pytest.mark.parametrize(
    ("status", "dates", "errors"),
    [
        ("filed", (dt.date(2025, 1, 2), None, None), {}),
        ("filed", (None, None, None), {"filed_on": ["Give the filing date."]}),
        ("granted", (dt.date(2025, 1, 2), None, None), {"granted_on": ["Give the grant date."]}),
        ("granted", (dt.date(2025, 1, 2), dt.date(2024, 1, 2), None), {"granted_on": ["A grant comes after the filing."]}),
        ("lapsed", (dt.date(2025, 1, 2), None, dt.date(2026, 3, 3)), {"lapsed_on": ["This date is in the future."]}),
        ("recorded", (None, None, None), {}),
    ],
    ids=["filed", "filed-no-date", "granted-no-date", "grant-before-filing", "lapse-future", "recorded"],
)  # fmt: skip
def test_a_status_needs_its_dates(status: str, dates: tuple, errors: dict) -> None:
    assert date_problems(status, *dates, today=TODAY) == errors
