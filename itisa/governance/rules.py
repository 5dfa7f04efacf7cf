"""Quorum and majority as pure functions over counts (Art. 8(3): effective decision mechanisms).

No ORM here. A body's rules are exact fractions with a comparison: "2/3 or more" (不少于三分之二)
or "more than 1/2" (过半数). The presets are the rule sets seen in alliance charters
(../shared/DOMAIN.md, "Voting seen"); custom rules are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

AT_LEAST = "at_least"
MORE_THAN = "more_than"
PRESENT = "present"
SEATS = "seats"


@dataclass(frozen=True)
class Rules:
    """One version of a body's decision rules."""

    quorum: Fraction
    quorum_comparison: str
    threshold: Fraction
    threshold_comparison: str
    threshold_base: str
    abstentions_count_as_present: bool = True
    extraordinary_share: Fraction = Fraction(1, 4)


@dataclass(frozen=True)
class Tally:
    """The votes cast on a motion by the body's seats; seats that did not vote are absent."""

    seats: int
    yes: int
    no: int
    abstain: int

    def __post_init__(self) -> None:
        if (
            min(self.seats, self.yes, self.no, self.abstain) < 0
            or self.yes + self.no + self.abstain > self.seats
        ):
            raise ValueError("a tally counts at most one vote per seat")

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Outcome:
    present: int
    quorum_met: bool
    passed: bool
    base: int
    reason: str


def _meets(share: Fraction, bar: Fraction, comparison: str) -> bool:
    return share > bar if comparison == MORE_THAN else share >= bar


def present(rules: Rules, tally: Tally) -> int:
    """Seats counted as present: those that voted, less abstentions where abstaining is not presence."""
    return tally.cast if rules.abstentions_count_as_present else tally.yes + tally.no


def quorum_met(rules: Rules, tally: Tally) -> bool:
    if tally.seats == 0:
        return False
    return _meets(Fraction(present(rules, tally), tally.seats), rules.quorum, rules.quorum_comparison)


def decide(rules: Rules, tally: Tally) -> Outcome:
    """Whether a motion passes: the quorum first, then yes votes against the threshold's base."""
    here = present(rules, tally)
    if not quorum_met(rules, tally):
        return Outcome(here, False, False, 0, "no_quorum")
    base = here if rules.threshold_base == PRESENT else tally.seats
    if base == 0:
        return Outcome(here, True, False, 0, "no_votes")
    passed = _meets(Fraction(tally.yes, base), rules.threshold, rules.threshold_comparison)
    return Outcome(here, True, passed, base, "passed" if passed else "rejected")


def can_call_extraordinary(rules: Rules, *, requesting: int, seats: int) -> bool:
    """Whether ``requesting`` seats are enough to call an extraordinary meeting (e.g. 1/4 of seats)."""
    return seats > 0 and Fraction(requesting, seats) >= rules.extraordinary_share


# Rule sets seen in practice (../shared/DOMAIN.md): code -> (label, rules)
PRESETS: dict[str, Rules] = {
    # quorum 2/3 of council members; decisions by 2/3 of those present; 1/4 may call a meeting
    "two_thirds_present": Rules(
        Fraction(2, 3), AT_LEAST, Fraction(2, 3), AT_LEAST, PRESENT, True, Fraction(1, 4)
    ),
    # quorum more than half; pass with 2/3 of attendees
    "majority_quorum_two_thirds_present": Rules(
        Fraction(1, 2), MORE_THAN, Fraction(2, 3), AT_LEAST, PRESENT, True, Fraction(1, 4)
    ),
    # quorum more than half; simple majority of those present
    "simple_majority_present": Rules(
        Fraction(1, 2), MORE_THAN, Fraction(1, 2), MORE_THAN, PRESENT, True, Fraction(1, 4)
    ),
    # e.g. admitting council members: 2/3 of the whole council
    "two_thirds_of_all_seats": Rules(
        Fraction(2, 3), AT_LEAST, Fraction(2, 3), AT_LEAST, SEATS, True, Fraction(1, 4)
    ),
}
