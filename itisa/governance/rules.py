"""Quorum and majority as pure functions over counts (Art. 8(3): effective decision mechanisms).

No ORM here. A body's rules are exact fractions with a comparison: "2/3 or more" (不少于三分之二)
or "more than 1/2" (过半数). The presets are the rule sets seen in alliance charters
(../shared/DOMAIN.md, "Voting seen"); custom rules are allowed, and an agreement's procedures
section states them per body and matter (the DESCA model consortium agreement: quorum 2/3,
2/3 of votes cast, a 15-day veto).

The pass threshold is a share of one of three bases:
- ``seats``: every seat of the body (e.g. admitting council members needs 2/3 of the whole council);
- ``present``: the seats present, which for a meeting vote are the seats attending (in person or by
  proxy) and for a written ballot the seats that took part;
- ``cast``: the votes cast for or against (yes + no); abstentions count for the quorum only.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

AT_LEAST = "at_least"
MORE_THAN = "more_than"
PRESENT = "present"
SEATS = "seats"
CAST = "cast"


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
    # on a tie (as many yes as no) the chair's own vote decides
    chair_casting_vote: bool = False
    # a seat may veto a passed motion within this many days (0: no veto); the resolution waits
    veto_days: int = 0


@dataclass(frozen=True)
class Tally:
    """The votes on a motion by the body's seats, counted on the seat list frozen when it was put.

    ``attending`` is the number of seats present at the meeting (attendance, proxies included) for a
    meeting vote, and ``None`` for a written ballot, where the seats that voted are the seats present.
    ``chair`` is the chair seat's own vote, when it voted (for a casting vote on a tie).
    """

    seats: int
    yes: int
    no: int
    abstain: int
    attending: int | None = None
    chair: str | None = None

    def __post_init__(self) -> None:
        if (
            min(self.seats, self.yes, self.no, self.abstain) < 0
            or self.yes + self.no + self.abstain > self.seats
        ):
            raise ValueError("a tally counts at most one vote per seat")
        if self.attending is not None and not (
            self.yes + self.no + self.abstain <= self.attending <= self.seats
        ):
            raise ValueError("the seats attending are at least those that voted and at most all seats")
        if self.chair not in (None, "yes", "no", "abstain"):
            raise ValueError("the chair's vote is yes, no or abstain")

    @property
    def cast(self) -> int:
        """Every vote recorded, abstentions included."""
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
    """Seats counted as present for the quorum.

    A meeting vote counts the seats attending; a written ballot the seats that voted. Where the rules
    say abstaining is not presence, the abstaining seats are taken off.
    """
    here = tally.cast if tally.attending is None else tally.attending
    return here if rules.abstentions_count_as_present else here - tally.abstain


def quorum_met(rules: Rules, tally: Tally) -> bool:
    if tally.seats == 0:
        return False
    return _meets(Fraction(present(rules, tally), tally.seats), rules.quorum, rules.quorum_comparison)


def threshold_base(rules: Rules, tally: Tally) -> int:
    """The number the yes votes are a share of: all seats, the seats present, or the votes cast."""
    if rules.threshold_base == SEATS:
        return tally.seats
    if rules.threshold_base == CAST:
        return tally.yes + tally.no
    return present(rules, tally)


def decide(rules: Rules, tally: Tally) -> Outcome:
    """Whether a motion passes: the quorum first, then yes votes against the threshold's base.

    A tie (as many yes as no, at least one of each) that the threshold alone does not pass is decided
    by the chair's own vote where the rules give the chair a casting vote (reason ``casting_vote``).
    """
    here = present(rules, tally)
    if not quorum_met(rules, tally):
        return Outcome(here, False, False, 0, "no_quorum")
    base = threshold_base(rules, tally)
    if base == 0:
        return Outcome(here, True, False, 0, "no_votes")
    passed = _meets(Fraction(tally.yes, base), rules.threshold, rules.threshold_comparison)
    if not passed and rules.chair_casting_vote and tally.yes == tally.no > 0 and tally.chair in ("yes", "no"):
        return Outcome(here, True, tally.chair == "yes", base, "casting_vote")
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
    # DESCA: quorum 2/3 of members; decisions by 2/3 of the votes cast (abstentions are not votes)
    "two_thirds_of_votes_cast": Rules(
        Fraction(2, 3), AT_LEAST, Fraction(2, 3), AT_LEAST, CAST, True, Fraction(1, 4)
    ),
    # e.g. admitting council members: 2/3 of the whole council
    "two_thirds_of_all_seats": Rules(
        Fraction(2, 3), AT_LEAST, Fraction(2, 3), AT_LEAST, SEATS, True, Fraction(1, 4)
    ),
}
