"""The organisation rules and the active-membership rule, as named cases."""

from __future__ import annotations

import datetime as dt

import pytest

from itisa.registry.memberships import is_active_on
from itisa.registry.rules import organisation_problems

GIVE = "Give the ownership of an enterprise."
ONLY = "Ownership applies only to enterprises."
OUTSIDE = "The region code does not lie in the chosen province."


@pytest.mark.parametrize(
    ("kind", "ownership", "province", "region_code", "expected"),
    [
        ("enterprise", "private", "34", "340104", []),
        ("enterprise", "", "34", "340104", [("ownership", GIVE)]),
        ("enterprise", None, "34", "340104", [("ownership", GIVE)]),
        ("university", "", "11", "110108", []),
        ("university", "state_central", "11", "110108", [("ownership", ONLY)]),
        ("", "private", "11", "110108", []),
        ("no-such-kind", "private", "11", "110108", []),
        ("university", "", "11", "100000", []),
        ("university", "", "44", "110108", [("region_code", OUTSIDE)]),
        ("university", "", "", "110108", []),
        ("university", "", "11", "", []),
        (
            "university",
            "",
            "11",
            "1101",
            [("region_code", "A GB/T 2260 region code has exactly six digits.")],
        ),
        (
            "enterprise",
            "",
            "44",
            "110108",
            [("region_code", OUTSIDE), ("ownership", GIVE)],
        ),
    ],
    ids=[
        "enterprise-with-ownership",
        "enterprise-without-ownership",
        "enterprise-with-null-ownership",
        "university-without-ownership",
        "university-with-ownership",
        "no-kind-is-the-choice-checks-business",
        "unknown-kind-is-the-choice-checks-business",
        "national-code-lies-in-every-province",
        "region-outside-province",
        "no-province-only-the-code-is-checked",
        "no-region-code-is-the-required-checks-business",
        "region-code-too-short",
        "both-rules-broken",
    ],
)
def test_organisation_problems(kind, ownership, province, region_code, expected) -> None:
    problems = organisation_problems(
        kind=kind, ownership=ownership, province=province, region_code=region_code
    )
    assert problems == expected


@pytest.mark.parametrize(
    ("joined_on", "left_on", "day", "active"),
    [
        (dt.date(2020, 1, 1), None, dt.date(2020, 1, 1), True),
        (dt.date(2020, 1, 1), None, dt.date(2019, 12, 31), False),
        (dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2020, 12, 31), True),
        (dt.date(2020, 1, 1), dt.date(2021, 1, 1), dt.date(2021, 1, 1), False),
    ],
    ids=["from-the-day-it-joins", "not-before", "until-the-day-before-it-leaves", "not-on-the-day-it-leaves"],
)
def test_is_active_on(joined_on, left_on, day, active) -> None:
    assert is_active_on(joined_on, left_on, day) is active
