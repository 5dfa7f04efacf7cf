"""The rating's pure rules, as named cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from itisa.rating.rules import (
    band_for,
    cross_group,
    definition_problems,
    digest,
    final_breakdown,
    indicator_score,
    score,
    title_years,
)
from itisa.rating.tests.conftest import FULL, IDENTITY

D = Decimal


@pytest.mark.parametrize(
    ("name", "value", "rule", "floor", "target", "expected"),
    [
        ("linear below the floor", "1", "linear", "2", "10", "0"),
        ("linear at the floor", "2", "linear", "2", "10", "0"),
        ("linear halfway", "6", "linear", "2", "10", "50"),
        ("linear a third", "1", "linear", "0", "3", D(100) / D(3)),
        ("linear at the target", "10", "linear", "2", "10", "100"),
        ("linear capped above the target", "25", "linear", "2", "10", "100"),
        ("threshold not reached", "49.99", "threshold", "0", "50", "0"),
        ("threshold reached", "50", "threshold", "0", "50", "100"),
    ],
)
def test_indicator_scores(
    name: str, value: str, rule: str, floor: str, target: str, expected: object
) -> None:
    assert indicator_score(D(value), rule, D(floor), D(target)) == D(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("total", "band"),
    [("100", "high"), ("86.00", "high"), ("85.99", "fairly_high"), ("75.00", "fairly_high"),
     ("74.99", "average"), ("65.00", "average"), ("64.99", "low"), ("0", "low")],
)  # fmt: skip
def test_bands_at_their_boundaries(total: str, band: str) -> None:
    assert band_for(IDENTITY, D(total)) == band


def test_scores_are_quantised_half_up_per_dimension_and_total() -> None:
    # test.a 1/3 of the way: 33.333… → 33.33; test.b 0.125 of its range → 12.5; test.c threshold missed
    got = score(FULL, {"test.a": D("33.3350"), "test.b": D("3"), "test.c": D("0")})
    assert got.dimensions == {"org": D("33.34"), "inn": D("6.25")}  # 33.335 half up; 50×12.5/100
    assert got.total == D("17.09")  # 40×33.34/100 + 60×6.25/100 = 13.336 + 3.75 = 17.086 → 17.09


def test_adjustments_replace_dimension_scores_and_a_plenary_decision_fixes_the_total() -> None:
    computed = {"org": D("80.00"), "inn": D("75.00")}
    adjusted = final_breakdown(FULL, computed, [("inn", D("90")), ("inn", D("95.00"))], None)
    assert (adjusted.dimensions, adjusted.total) == ({"org": D("80.00"), "inn": D("95.00")}, D("89.00"))
    decided = final_breakdown(FULL, computed, [("inn", D("95.00"))], D("85.50"))
    assert decided.total == D("85.50")


@pytest.mark.parametrize(
    ("name", "history", "titles"),
    [
        ("three in a row", {2019: True, 2020: True, 2021: True}, [2021]),
        ("four in a row: two titles", {2018: True, 2019: True, 2020: True, 2021: True}, [2020, 2021]),
        ("two only", {2020: True, 2021: True}, []),
        ("a gap year (no campaign or not rated)", {2018: True, 2019: True, 2021: True}, []),
        ("non-consecutive top bands", {2019: True, 2020: False, 2021: True}, []),
        ("the run broken in the last year", {2019: True, 2020: True, 2021: False}, []),
        ("nothing rated", {}, []),
    ],
)
def test_the_a_level_title_needs_three_consecutive_top_bands(
    name: str, history: dict[int, bool], titles: list[int]
) -> None:
    assert title_years(history) == titles


@pytest.mark.parametrize(
    ("group", "groups", "cross"), [(1, 2, 2), (2, 2, 1), (3, 3, 1), (1, 1, None), (None, 2, None)]
)
def test_the_next_group_cross_reviews(group: int | None, groups: int, cross: int | None) -> None:
    assert cross_group(group, groups) == cross


def test_definition_problems_name_each_fault() -> None:
    known = {"test.a", "test.b", "test.c"}
    assert definition_problems(FULL, known) == []
    bad = {
        "dimensions": [{"code": "x", "name_zh": "", "weight": "100", "indicators": [
            {"code": "test.a", "weight": "60", "rule": "linear", "floor": "5", "target": "5"},
            {"code": "test.a", "weight": "30", "rule": "curve", "target": "1"},
        ]}],
        "bands": [{"code": "h", "name_zh": "高", "lower": "86"}, {"code": "h", "name_zh": "低", "lower": "86.001"}],
    }  # fmt: skip
    assert definition_problems(bad, known) == [
        "dimension x: a Chinese name",
        "dimension x: indicator test.a: the target is above the floor",
        "dimension x: indicator test.a appears twice in the scheme",
        "dimension x: indicator test.a: scoring is linear or threshold",
        "dimension x: indicators: weights sum to 90, not 100",
        "band h: a code, once",
        "band h: a lower bound from 0 to 100, at most two decimals",
        "bands: the lowest band starts at 0",
    ]
    assert definition_problems([], known) == ["the definition is an object with dimensions and bands"]


def test_the_digest_is_of_the_canonical_json() -> None:
    reordered = {"bands": FULL["bands"], "dimensions": FULL["dimensions"]}
    assert digest(reordered) == digest(FULL)
    assert len(digest(FULL)) == 64
