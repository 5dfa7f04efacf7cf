"""Who sees whom behind a vote in the API: the public gets the seat and its organisation; the alliance's
people and its officers also get the voter's name; nobody gets a login name, except the keepers of the seat
register, who assign the voting accounts by username."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from itisa.accounts.models import User
from itisa.api.tests.conftest import Api
from itisa.governance.models import Motion
from itisa.governance.services import motion_open
from itisa.governance.tests.conftest import BALLOT_OPENED, make_closed_ballot, make_council, name_the_voters

LOGINS = ('"secretariat"', '"council_member"', '"legal_representative"', '"expert"')


@pytest.fixture
def council(world: Any) -> Any:
    return make_council(world)


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(BALLOT_OPENED + dt.timedelta(days=1), tick=False):
        yield


@pytest.fixture
def closed_ballot(world: Any, council: Any, clock: None) -> Motion:
    return make_closed_ballot(world, council)


def _votes(council: Any, names: list[str | None]) -> list[dict[str, Any]]:
    public = [
        (
            council.chair.pk,
            "张理事长",
            "chair",
            "914403001922038216",
            "甲公司",
            "2026-03-02T01:01:00Z",
            "yes",
        ),
        (council.member.pk, "李理事", "member", "12100000400000624D", "乙大学", "2026-03-02T01:02:00Z", "no"),
        (council.expert.pk, "王专家", "member", None, None, "2026-03-02T01:03:00Z", "abstain"),
    ]
    return [
        {
            "seat": seat,
            "body_name_zh": "理事会",
            "holder_name": holder,
            "role": role,
            "organisation": uscc,
            "organisation_name_zh": organisation,
            "voter_name": name,
            "cast_at": at,
            "choice": choice,
        }
        for (seat, holder, role, uscc, organisation, at, choice), name in zip(public, names, strict=True)
    ]


@pytest.mark.parametrize(
    ("persona", "named"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("association_officer", False),
        ("council_member", True),
        ("national_officer", True),
    ],
)
def test_a_motions_votes_show_seats_and_organisations_and_names_only_to_insiders(
    world: Any, council: Any, closed_ballot: Motion, persona: str, named: bool
) -> None:
    r = Api(world.user(persona)).get(f"/motions/{closed_ballot.pk}")
    assert r.status_code == 200
    names: list[str | None] = ["陈委员", "刘代表", "周专家"] if named else [None, None, None]
    assert r.json()["votes"] == _votes(council, names)
    for login in LOGINS:
        assert login not in r.content.decode()


def test_casting_a_vote_answers_with_the_seat_and_the_voters_own_name(
    world: Any, council: Any, clock: None
) -> None:
    name_the_voters()
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="议案",
        method="ballot",
        deadline=BALLOT_OPENED + dt.timedelta(days=7),
        now=BALLOT_OPENED,
    )
    r = Api(User.objects.get(username="expert")).post(f"/motions/{motion.pk}/votes", {"choice": "yes"})
    assert r.status_code == 201
    assert r.json() == {
        "seat": council.expert.pk,
        "body_name_zh": "理事会",
        "holder_name": "王专家",
        "role": "member",
        "organisation": None,
        "organisation_name_zh": None,
        "voter_name": "周专家",
        "cast_at": "2026-03-03T01:00:00Z",
        "choice": "yes",
    }
    # while the ballot is open the public sees which seats voted, not how and not who
    public = Api(None).get(f"/motions/{motion.pk}").json()["votes"]
    assert [(v["holder_name"], v["voter_name"], v["choice"]) for v in public] == [("王专家", None, None)]


@pytest.mark.parametrize(
    ("persona", "logins"),
    [
        ("anonymous", [None, None, None, None]),
        ("outsider", [None, None, None, None]),
        ("council_member", [None, None, None, None]),
        ("national_officer", ["council_member", "legal_representative", "expert", None]),
        ("secretariat", ["council_member", "legal_representative", "expert", None]),
    ],
)
def test_the_seat_register_gives_the_voting_accounts_logins_only_to_its_keepers(
    world: Any, council: Any, persona: str, logins: list[str | None]
) -> None:
    r = Api(world.user(persona)).get("/alliances/CSA/governance")
    assert r.status_code == 200
    seats = r.json()["bodies"][0]["seats"]
    assert [(s["holder_name"], s["representative"]) for s in seats] == list(
        zip(["张理事长", "李理事", "王专家", "赵专家"], logins, strict=True)
    )
