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


CAST = PRESETS["two_thirds_of_votes_cast"]
CASTING = Rules(
    Fraction(1, 2), "more_than", Fraction(1, 2), "more_than", "present", True, chair_casting_vote=True
)
CAST_NO_ABSTAIN = Rules(Fraction(1, 2), "more_than", Fraction(2, 3), "at_least", "cast", False)


@pytest.mark.parametrize(
    ("name", "rules", "tally", "present", "base", "passed", "reason"),
    [
        # votes cast: abstentions count for the quorum but not in the base
        ("votes cast: 4 yes 2 no 3 abstain of 9 passes (4/6)", CAST, Tally(9, 4, 2, 3), 9, 6, True, "passed"),
        ("votes cast: 3 yes 2 no 4 abstain fails (3/5)", CAST, Tally(9, 3, 2, 4), 9, 5, False, "rejected"),
        ("votes cast: only abstentions is no vote", CAST, Tally(3, 0, 0, 3), 3, 0, False, "no_votes"),
        (
            "votes cast, abstention not presence: 4-2 with 4 abstaining of 10, quorum 6 of 10, 4/6 passes",
            CAST_NO_ABSTAIN,
            Tally(10, 4, 2, 4),
            6,
            6,
            True,
            "passed",
        ),
        # a meeting vote counts the seats attending, not only those that voted
        (
            "meeting: 7 of 9 attend, 4 yes 1 no: quorum by attendance, 4/7 fails 2/3 of present",
            TWO_THIRDS,
            Tally(9, 4, 1, 0, attending=7),
            7,
            7,
            False,
            "rejected",
        ),
        (
            "meeting: 6 of 9 attend (2 by proxy), 4 yes: quorum and 4/6 passes",
            TWO_THIRDS,
            Tally(9, 4, 0, 0, attending=6),
            6,
            6,
            True,
            "passed",
        ),
        (
            "meeting: 5 of 9 attend is no quorum",
            TWO_THIRDS,
            Tally(9, 5, 0, 0, attending=5),
            5,
            0,
            False,
            "no_quorum",
        ),
        (
            "meeting, abstaining not presence: 6 attend, 2 abstain leaves 4 of 10",
            NO_ABSTAIN_PRESENCE,
            Tally(10, 3, 1, 2, attending=6),
            4,
            0,
            False,
            "no_quorum",
        ),
        # ties
        ("tie without a casting vote fails", SIMPLE, Tally(6, 3, 3, 0), 6, 6, False, "rejected"),
        (
            "tie, chair voted yes with a casting vote: passes",
            CASTING,
            Tally(6, 3, 3, 0, chair="yes"),
            6,
            6,
            True,
            "casting_vote",
        ),
        (
            "tie, chair voted no with a casting vote: fails",
            CASTING,
            Tally(6, 3, 3, 0, chair="no"),
            6,
            6,
            False,
            "casting_vote",
        ),
        (
            "tie, chair abstained: the casting vote has nothing to cast",
            CASTING,
            Tally(7, 3, 3, 1, chair="abstain"),
            7,
            7,
            False,
            "rejected",
        ),
        ("no tie: casting vote unused", CASTING, Tally(6, 4, 2, 0, chair="no"), 6, 6, True, "passed"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else None,
)
def test_bases_attendance_and_ties(
    name: str, rules: Rules, tally: Tally, present: int, base: int, passed: bool, reason: str
) -> None:
    outcome = decide(rules, tally)
    assert (outcome.present, outcome.base, outcome.passed, outcome.reason) == (present, base, passed, reason)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"attending": 2}, "attending"),
        ({"attending": 10}, "attending"),
        ({"chair": "maybe"}, "chair"),
    ],
)
def test_a_tally_refuses_impossible_attendance(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Tally(9, 2, 1, 0, **kwargs)  # type: ignore[arg-type]
