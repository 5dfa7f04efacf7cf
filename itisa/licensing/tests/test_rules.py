"""The revenue split (Art. 8(5)): named cases with exact fen, and the property that no fen is lost."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itisa.licensing.rules import (
    ALLIANCE,
    CONTRIBUTORS,
    COST_RECOVERY,
    CREATOR,
    INVENTORS,
    Party,
    SplitFacts,
    largest_remainder,
    revenue_split,
)

CSA_RULE = ((CREATOR, D("70")), (INVENTORS, D("20")), (ALLIANCE, D("10")))
A = Party("914403001922038216", D("60"), organisation=1)
B = Party("12100000400000624D", D("40"), organisation=2)
ZHANG = Party("914403001922038216\x00张三", D("70"), name="张三")
LI = Party("12100000400000624D\x00李四", D("30"), name="李四")
FUND = Party("alliance:CSA", D("100"))


def lines(amount: str, **kw: object) -> list[tuple[str, str, D]]:
    values: dict = {"amount": D(amount), "split": CSA_RULE, "owners": (A, B), "inventors": (ZHANG, LI),
                    "alliance": FUND, **kw}  # fmt: skip
    split = revenue_split(SplitFacts(**values))
    assert split.problems == ()
    return [(line.kind, line.party.key.split("\x00")[-1], line.amount) for line in split.lines]


def test_100000_by_csas_70_20_10_with_two_joint_owners() -> None:
    assert lines("100000.00") == [
        (CREATOR, A.key, D("42000.00")),
        (CREATOR, B.key, D("28000.00")),
        (INVENTORS, "张三", D("14000.00")),
        (INVENTORS, "李四", D("6000.00")),
        (ALLIANCE, FUND.key, D("10000.00")),
    ]


def test_12345_67_gives_the_two_fen_left_over_to_the_largest_remainders() -> None:
    # exact quotas: 5185.1814, 3456.7876, 1728.3938, 740.7402, 1234.567 → floors leave 2 fen,
    # which go to B (.76) and the alliance (.7)
    assert lines("12345.67") == [
        (CREATOR, A.key, D("5185.18")),
        (CREATOR, B.key, D("3456.79")),
        (INVENTORS, "张三", D("1728.39")),
        (INVENTORS, "李四", D("740.74")),
        (ALLIANCE, FUND.key, D("1234.57")),
    ]


def test_ties_go_to_the_smaller_credit_code() -> None:
    half_a, half_b = Party("B-code", D("50")), Party("A-code", D("50"))
    split = revenue_split(SplitFacts(amount=D("0.01"), split=((CREATOR, D("100")),), owners=(half_a, half_b)))
    assert [(x.party.key, x.amount) for x in split.lines] == [("A-code", D("0.01"))]
    assert largest_remainder(3, [(Fraction(1, 2), "z"), (Fraction(1, 2), "a")]) == [1, 2]


def test_costs_are_recovered_first_then_shared() -> None:
    costs = (Party(A.key, D("3000.00"), organisation=1), Party(B.key, D("1000.00"), organisation=2))
    assert lines("10000.00", cost_recovery_first=True, costs=costs) == [
        (COST_RECOVERY, A.key, D("3000.00")),
        (COST_RECOVERY, B.key, D("1000.00")),
        (CREATOR, A.key, D("2520.00")),
        (CREATOR, B.key, D("1680.00")),
        (INVENTORS, "张三", D("840.00")),
        (INVENTORS, "李四", D("360.00")),
        (ALLIANCE, FUND.key, D("600.00")),
    ]


def test_a_receipt_below_the_costs_pays_them_back_pro_rata() -> None:
    costs = (Party(A.key, D("3000.00")), Party(B.key, D("1000.00")))
    assert lines("1000.01", cost_recovery_first=True, costs=costs) == [
        (COST_RECOVERY, A.key, D("750.01")),
        (COST_RECOVERY, B.key, D("250.00")),
    ]


def test_contributors_share_by_contribution() -> None:
    rule = ((CREATOR, D("50")), (CONTRIBUTORS, D("50")))
    contributors = (Party(A.key, D("25")), Party(B.key, D("75")))
    assert lines("100.00", split=rule, owners=(A,), contributors=contributors) == [
        (CREATOR, A.key, D("50.00")),
        (CONTRIBUTORS, A.key, D("12.50")),
        (CONTRIBUTORS, B.key, D("37.50")),
    ]


@pytest.mark.parametrize(
    ("facts", "problems"),
    [
        ({"split": ()}, ["The effective agreement sets no revenue split (ip.revenue_split)."]),
        (
            {"inventors": ()},
            ["The agreement gives the inventors a share, but the result names no inventors."],
        ),
        ({"amount": D("0")}, ["The receipt is above zero."]),
        ({"amount": D("1.005")}, ["The receipt is counted in whole fen."]),
        ({"split": ((CREATOR, D("70")),)}, ["The agreement's revenue shares do not add up to 100%."]),
    ],
    ids=["no-rule", "no-inventors", "zero", "part-of-a-fen", "not-100"],
)
def test_a_split_that_cannot_be_decided_says_why(facts: dict, problems: list[str]) -> None:
    values: dict = {"amount": D("100.00"), "split": CSA_RULE, "owners": (A, B), "inventors": (ZHANG, LI),
                    "alliance": FUND, **facts}  # fmt: skip
    split = revenue_split(SplitFacts(**values))
    assert (list(split.problems), split.lines) == (problems, ())


shares = st.integers(min_value=1, max_value=10000).map(lambda n: D(n) / 100)


@given(
    fen=st.integers(min_value=1, max_value=10**14),
    percents=st.lists(st.integers(min_value=0, max_value=100), min_size=4, max_size=4),
    owners=st.lists(shares, min_size=1, max_size=6),
    inventors=st.lists(shares, min_size=1, max_size=6),
    costs=st.lists(st.integers(min_value=0, max_value=10**9), max_size=4),
    recover=st.booleans(),
)
def test_the_split_sums_exactly_to_the_receipt(
    fen: int, percents: list[int], owners: list[D], inventors: list[D], costs: list[int], recover: bool
) -> None:
    total = sum(percents) or 1
    # integer percentages adding up to exactly 100, the remainder to the creator
    scaled = [p * 100 // total for p in percents]
    scaled[0] += 100 - sum(scaled)
    rule = tuple(zip((CREATOR, CONTRIBUTORS, INVENTORS, ALLIANCE), map(D, scaled), strict=True))
    amount = D(fen) / 100
    facts = SplitFacts(
        amount=amount, split=rule,
        owners=tuple(Party(f"O{i}", s) for i, s in enumerate(owners)),
        contributors=tuple(Party(f"C{i}", s) for i, s in enumerate(owners)),
        inventors=tuple(Party(f"I{i}", s) for i, s in enumerate(inventors)),
        alliance=FUND, cost_recovery_first=recover,
        costs=tuple(Party(f"O{i}", D(c) / 100) for i, c in enumerate(costs)),
    )  # fmt: skip
    split = revenue_split(facts)
    assert split.problems == ()
    assert sum((line.amount for line in split.lines), D(0)) == amount
    assert all(line.amount > 0 and line.amount == line.amount.quantize(D("0.01")) for line in split.lines)
    assert revenue_split(facts) == split  # deterministic
