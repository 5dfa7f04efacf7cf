"""Quorum and majority: named cases, including ties and edge fractions."""

from __future__ import annotations

from fractions import Fraction

import pytest

from itisa.governance.rules import PRESETS, Rules, Tally, can_call_extraordinary, decide, quorum_met

TWO_THIRDS = PRESETS["two_thirds_present"]
MAJ_Q_TWO_THIRDS = PRESETS["majority_quorum_two_thirds_present"]
SIMPLE = PRESETS["simple_majority_present"]
WHOLE = PRESETS["two_thirds_of_all_seats"]
NO_ABSTAIN_PRESENCE = Rules(Fraction(1, 2), "more_than", Fraction(1, 2), "more_than", "present", False)


@pytest.mark.parametrize(
    ("name", "rules", "tally", "quorum", "passed", "reason"),
    [
        ("2/3 quorum reached exactly (6 of 9)", TWO_THIRDS, Tally(9, 4, 2, 0), True, True, "passed"),
        ("2/3 quorum missed by one (5 of 9)", TWO_THIRDS, Tally(9, 5, 0, 0), False, False, "no_quorum"),
        ("2/3 of present exactly (4 of 6)", TWO_THIRDS, Tally(9, 4, 1, 1), True, True, "passed"),
        ("just under 2/3 of present (5 of 8)", TWO_THIRDS, Tally(9, 5, 3, 0), True, False, "rejected"),
        (
            "abstentions count against under 'of present'",
            TWO_THIRDS,
            Tally(9, 4, 0, 3),
            True,
            False,
            "rejected",
        ),
        (
            "more than half: exactly half is no quorum (5 of 10)",
            SIMPLE,
            Tally(10, 3, 2, 0),
            False,
            False,
            "no_quorum",
        ),
        ("more than half: 6 of 10 is a quorum", SIMPLE, Tally(10, 4, 2, 0), True, True, "passed"),
        ("simple majority: a tie fails (3-3)", SIMPLE, Tally(10, 3, 3, 0), True, False, "rejected"),
        ("simple majority: 4-3 passes", SIMPLE, Tally(10, 4, 3, 0), True, True, "passed"),
        (
            "majority quorum, 2/3 of attendees: 4 of 6 passes",
            MAJ_Q_TWO_THIRDS,
            Tally(11, 4, 2, 0),
            True,
            True,
            "passed",
        ),
        ("2/3 of all seats: 6 of 9 passes", WHOLE, Tally(9, 6, 0, 0), True, True, "passed"),
        (
            "2/3 of all seats: 5 of 9 fails though all present voted yes",
            WHOLE,
            Tally(9, 5, 1, 1),
            True,
            False,
            "rejected",
        ),
        (
            "abstentions not presence: 3 yes + 3 abstain of 10 is no quorum",
            NO_ABSTAIN_PRESENCE,
            Tally(10, 3, 0, 3),
            False,
            False,
            "no_quorum",
        ),
        (
            "abstentions not presence: they do not count against",
            NO_ABSTAIN_PRESENCE,
            Tally(10, 4, 2, 4),
            True,
            True,
            "passed",
        ),
        ("a body without seats never has a quorum", SIMPLE, Tally(0, 0, 0, 0), False, False, "no_quorum"),
        ("nobody voted", TWO_THIRDS, Tally(3, 0, 0, 0), False, False, "no_quorum"),
        ("unanimous single seat", SIMPLE, Tally(1, 1, 0, 0), True, True, "passed"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_named_cases(name: str, rules: Rules, tally: Tally, quorum: bool, passed: bool, reason: str) -> None:
    outcome = decide(rules, tally)
    assert (quorum_met(rules, tally), outcome.quorum_met, outcome.passed, outcome.reason) == (
        quorum,
        quorum,
        passed,
        reason,
    )


def test_outcome_reports_present_and_base() -> None:
    outcome = decide(TWO_THIRDS, Tally(9, 4, 1, 1))
    assert (outcome.present, outcome.base) == (6, 6)
    assert decide(WHOLE, Tally(9, 6, 0, 0)).base == 9
    assert decide(NO_ABSTAIN_PRESENCE, Tally(10, 4, 2, 4)).present == 6


@pytest.mark.parametrize(
    ("requesting", "seats", "allowed"),
    [(2, 8, True), (1, 8, False), (3, 12, True), (2, 9, False), (3, 9, True)],
)
def test_extraordinary_meeting_needs_a_quarter(requesting: int, seats: int, allowed: bool) -> None:
    assert can_call_extraordinary(TWO_THIRDS, requesting=requesting, seats=seats) is allowed


@pytest.mark.parametrize("tally", [(3, 2, 2, 0), (3, -1, 0, 0)])
def test_a_tally_cannot_count_more_votes_than_seats(tally: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError, match="one vote per seat"):
        Tally(*tally)
