"""Tallies through the API, end to end (issue 15, item 2): the three bases with exact fractions,
abstentions counted as present or not, attendance and proxies at a meeting, people holding two
seats, the seat list frozen when a motion is put, ties with and without the chair's casting vote,
vetoes inside and outside their window, and strict booleans. Refusals change nothing.

CSA's council (governance/tests/conftest.py): the chair 张理事长 (council_member), the member 李理事
(legal_representative), the expert 王专家 (expert) and the expert 赵专家, who has no account. The
clock is pinned: motions are put on Monday 2026-03-02 09:00 Beijing time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.governance.clocks import VETO_WINDOW
from itisa.governance.models import Attendance, Motion, MotionSeat, Proxy, Resolution, StaffMember, Veto, Vote
from itisa.governance.tests.conftest import Council, make_council

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
DEADLINE = NOW + dt.timedelta(days=3)

CUSTOM = {
    "quorum": "1/2",
    "quorum_comparison": "at_least",
    "threshold": "2/3",
    "threshold_comparison": "at_least",
    "threshold_base": "present",
    "abstentions_count_as_present": True,
}


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def council(world: Any, clock: Any) -> Council:
    return make_council(world)


def _state() -> tuple[int, ...]:
    return (
        Motion.objects.count(),
        Vote.objects.count(),
        Proxy.objects.count(),
        Veto.objects.count(),
        Resolution.objects.count(),
        AuditEntry.objects.count(),
    )


def _rules(world: Any, council: Council, **rules: Any) -> None:
    r = Api(world.user("secretariat")).post(
        f"/bodies/{council.body.pk}/rules", {"rules": {**CUSTOM, **rules}, "adopted_on": "2026-03-01"}
    )
    assert r.status_code == 201, r.content


def _ballot(world: Any, council: Council) -> int:
    r = Api(world.user("secretariat")).post(
        "/alliances/CSA/motions",
        {
            "body_id": council.body.pk,
            "title_zh": "关于修订章程的议案",
            "method": "ballot",
            "deadline": DEADLINE.isoformat(),
        },
    )
    assert r.status_code == 201, r.content
    return int(r.json()["id"])


def _vote(world: Any, persona: str, motion: int, choice: str, seat: int | None = None) -> Any:
    body: dict[str, Any] = {"choice": choice} if seat is None else {"choice": choice, "seat": seat}
    return Api(world.user(persona)).post(f"/motions/{motion}/votes", body)


def _close(world: Any, motion: int) -> dict[str, Any]:
    r = Api(world.user("secretariat")).post(f"/motions/{motion}/close", {})
    assert r.status_code == 200, r.content
    return dict(r.json())


def _counted(tally: dict[str, Any]) -> tuple[Any, ...]:
    keys = (
        "seats",
        "attending",
        "present",
        "yes",
        "no",
        "abstain",
        "quorum_met",
        "base",
        "passed",
        "outcome",
    )
    return tuple(tally[k] for k in keys)


# --- the three bases, abstentions both ways, exact fractions ----------------------------------------

# the ballot: the chair and the member vote yes, the expert abstains, 赵专家 does not vote; 4 seats
BASES = {
    # 2 yes of all 4 seats = 1/2 < 2/3
    "seats": ({"threshold_base": "seats"}, (4, None, 3, 2, 0, 1, True, 4, False, "rejected")),
    # 2 yes of 3 present = 2/3 exactly: "at least 2/3" passes
    "present": ({}, (4, None, 3, 2, 0, 1, True, 3, True, "passed")),
    # ... and "more than 2/3" does not
    "present_more_than": (
        {"threshold_comparison": "more_than"},
        (4, None, 3, 2, 0, 1, True, 3, False, "rejected"),
    ),
    # abstaining is not presence: 2 present of 4 = 1/2 (quorum at least 1/2), 2 yes of 2
    "present_abstentions_absent": (
        {"abstentions_count_as_present": False},
        (4, None, 2, 2, 0, 1, True, 2, True, "passed"),
    ),
    # DESCA: 2/3 of the votes cast; with a 2/3 quorum, abstentions that are not presence leave 2 of 4
    "cast_no_quorum": (
        {"threshold_base": "cast", "quorum": "2/3", "abstentions_count_as_present": False},
        (4, None, 2, 2, 0, 1, False, 0, False, "no_quorum"),
    ),
    # ... and abstentions that are presence make 3 of 4 ≥ 2/3: 2 yes of 2 cast
    "cast": (
        {"threshold_base": "cast", "quorum": "2/3"},
        (4, None, 3, 2, 0, 1, True, 2, True, "passed"),
    ),
}


@pytest.mark.parametrize("case", list(BASES))
def test_the_threshold_is_a_share_of_its_base(world: Any, council: Council, case: str) -> None:
    rules, expected = BASES[case]
    _rules(world, council, **rules)
    motion = _ballot(world, council)
    for persona, choice in (
        ("council_member", "yes"),
        ("legal_representative", "yes"),
        ("expert", "abstain"),
    ):
        assert _vote(world, persona, motion, choice).status_code == 201
    tally = _close(world, motion)["tally"]
    assert _counted(tally) == expected
    assert (tally["rules_version"], tally["threshold"], tally["quorum"]) == (
        2,
        "2/3",
        rules.get("quorum", "1/2"),
    )


# --- meetings: attendance and proxies ---------------------------------------------------------------


def _meeting_motion(world: Any, council: Council) -> tuple[int, int]:
    s = Api(world.user("secretariat"))
    starts = NOW + dt.timedelta(days=10)
    r = s.post(
        "/alliances/CSA/meetings",
        {
            "body_id": council.body.pk,
            "kind": "regular",
            "title_zh": "理事会第五次会议",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=3)).isoformat(),
        },
    )
    assert r.status_code == 201, r.content
    meeting = int(r.json()["id"])
    r = s.post(
        "/alliances/CSA/motions",
        {
            "body_id": council.body.pk,
            "title_zh": "关于年度计划的议案",
            "method": "meeting",
            "meeting_id": meeting,
        },
    )
    assert r.status_code == 201, r.content
    return meeting, int(r.json()["id"])


def test_a_meeting_vote_counts_the_seats_attending_and_a_proxy_votes_for_its_seat(
    world: Any, council: Council, clock: Any
) -> None:
    meeting, motion = _meeting_motion(world, council)
    # 李理事's representative names member_contact the seat's proxy for this meeting
    r = Api(world.user("legal_representative")).post(
        f"/meetings/{meeting}/proxies", {"seat": council.member.pk, "holder": "member_contact"}
    )
    assert r.status_code == 201, r.content
    assert (r.json()["seat"], r.json()["holder_name"]) == (council.member.pk, "李理事")
    before = _state()
    # a second proxy for the seat, one given by someone else's seat, one by the secretariat without a
    # written proxy: refused, nothing written
    assert (
        Api(world.user("legal_representative"))
        .post(f"/meetings/{meeting}/proxies", {"seat": council.member.pk, "holder": "expert"})
        .status_code
        == 409
    )
    assert (
        Api(world.user("expert"))
        .post(f"/meetings/{meeting}/proxies", {"seat": council.chair.pk, "holder": "expert"})
        .status_code
        == 403
    )
    r = Api(world.user("secretariat")).post(
        f"/meetings/{meeting}/proxies", {"seat": council.expert.pk, "holder": "member_contact"}
    )
    assert (r.status_code, list(r.json()["fields"])) == (422, ["document"])
    assert _state() == before

    clock.move_to(NOW + dt.timedelta(days=10, hours=1))
    s = Api(world.user("secretariat"))
    # present: the chair in person, 李理事 by its recorded proxy, 赵专家 (no account) in person; 王专家 absent
    r = s.post(
        f"/meetings/{meeting}/attendance", {"seats": [council.chair.pk, council.member.pk, council.silent.pk]}
    )
    assert r.status_code == 200, r.content
    by_proxy = Attendance.objects.get(seat=council.member)
    assert (by_proxy.proxy_id, by_proxy.proxy_name) == (Proxy.objects.get().pk, "member_contact")
    # the proxy holder votes for 李理事's seat only; the seat's own representative no longer can
    before = _state()
    assert _vote(world, "member_contact", motion, "yes", seat=council.chair.pk).status_code == 403
    assert _state() == before
    assert _vote(world, "member_contact", motion, "yes").status_code == 201
    assert _vote(world, "legal_representative", motion, "no").status_code == 409
    assert _vote(world, "council_member", motion, "yes").status_code == 201
    assert Vote.objects.get(seat=council.member).cast_by == world.user("member_contact")
    tally = _close(world, motion)["tally"]
    # 3 of 4 seats attend (at least 2/3: quorum); 2 yes of 3 present = 2/3 → passed. Counting only
    # those who voted would have made 2 of 4 present, no quorum.
    assert _counted(tally) == (4, 3, 3, 2, 0, 0, True, 3, True, "passed")


def test_a_proxy_does_not_vote_on_a_written_ballot(world: Any, council: Council, clock: Any) -> None:
    meeting, _motion = _meeting_motion(world, council)
    Api(world.user("legal_representative")).post(
        f"/meetings/{meeting}/proxies", {"seat": council.member.pk, "holder": "member_contact"}
    )
    ballot = _ballot(world, council)
    before = _state()
    assert _vote(world, "member_contact", ballot, "yes").status_code == 403
    assert _state() == before


# --- a person holding two seats votes for each -------------------------------------------------------


def test_a_person_holding_two_seats_votes_once_for_each(world: Any, council: Council) -> None:
    r = Api(world.user("secretariat")).post(
        f"/bodies/{council.body.pk}/seats",
        {"holder_name": "李专家", "term_start": "2026-01-01", "representative": "legal_representative"},
    )
    second = int(r.json()["id"])
    motion = _ballot(world, council)
    assert Api(None).get(f"/motions/{motion}").json()["seat_list"] == sorted(
        [council.chair.pk, council.member.pk, council.expert.pk, council.silent.pk, second]
    )
    before = _state()
    r = _vote(world, "legal_representative", motion, "yes")
    assert r.status_code == 422
    assert r.json()["fields"] == {
        "seat": [f"Choose one of the seats: {second} (李专家), {council.member.pk} (李理事)."]
    }
    assert _vote(world, "legal_representative", motion, "yes", seat=council.chair.pk).status_code == 403
    assert _state() == before
    assert (
        _vote(world, "legal_representative", motion, "yes", seat=council.member.pk).json()["seat"]
        == council.member.pk
    )
    assert _vote(world, "legal_representative", motion, "no", seat=second).json()["seat"] == second
    before = _state()
    assert _vote(world, "legal_representative", motion, "yes", seat=second).status_code == 409
    assert _state() == before
    assert _vote(world, "council_member", motion, "yes").status_code == 201
    # each seat counts once: 3 of the 5 seats voted, and 3/5 is less than the quorum of 2/3 (rules v1)
    assert _counted(_close(world, motion)["tally"]) == (5, None, 3, 2, 1, 0, False, 0, False, "no_quorum")


# --- the seat list is frozen when the motion is put --------------------------------------------------


def test_the_seat_list_is_frozen_when_the_motion_is_put(world: Any, council: Council, clock: Any) -> None:
    _rules(world, council)
    motion = _ballot(world, council)
    s = Api(world.user("secretariat"))
    # a seat added afterwards neither votes nor counts; a seat ended afterwards still counts
    r = s.post(
        f"/bodies/{council.body.pk}/seats",
        {"holder_name": "钱理事", "term_start": "2026-03-02", "representative": "member_contact"},
    )
    assert r.status_code == 201, r.content
    assert s.post(f"/seats/{council.silent.pk}/end", {"on": "2026-03-02"}).status_code == 200
    before = _state()
    assert _vote(world, "member_contact", motion, "yes").status_code == 403
    assert _state() == before
    assert MotionSeat.objects.filter(motion_id=motion).count() == 4
    for persona in ("council_member", "legal_representative"):
        assert _vote(world, persona, motion, "yes").status_code == 201
    # 2 of the 4 listed seats voted: 2/4 ≥ 1/2 quorum; 2 of 2 present
    assert _counted(_close(world, motion)["tally"]) == (4, None, 2, 2, 0, 0, True, 2, True, "passed")


# --- ties ---------------------------------------------------------------------------------------------

TIES = {
    # a tie is not a majority of the votes cast
    "no_casting_vote": (False, "yes", (False, "rejected")),
    # the chair voted yes and has a casting vote: passed
    "casting_yes": (True, "yes", (True, "casting_vote")),
    # the chair voted no: the casting vote rejects
    "casting_no": (True, "no", (False, "casting_vote")),
}


@pytest.mark.parametrize("case", list(TIES))
def test_a_tie_follows_the_agreed_rule(world: Any, council: Council, case: str) -> None:
    casting, chair, expected = TIES[case]
    _rules(
        world, council, threshold="1/2", threshold_comparison="more_than", threshold_base="cast",
        chair_casting_vote=casting,
    )  # fmt: skip
    motion = _ballot(world, council)
    other = "no" if chair == "yes" else "yes"
    for persona, choice in (
        ("council_member", chair),
        ("legal_representative", other),
        ("expert", "abstain"),
    ):
        assert _vote(world, persona, motion, choice).status_code == 201
    tally = _close(world, motion)["tally"]
    assert (tally["yes"], tally["no"], tally["base"], tally["chair_casting_vote"]) == (1, 1, 2, casting)
    assert (tally["passed"], tally["outcome"]) == expected


# --- vetoes ---------------------------------------------------------------------------------------------


def _passed_with_veto(world: Any, council: Council) -> int:
    _rules(world, council, veto_days=15)
    motion = _ballot(world, council)
    for persona in ("council_member", "legal_representative", "expert"):
        assert _vote(world, persona, motion, "yes").status_code == 201
    closed = _close(world, motion)
    assert (closed["tally"]["passed"], closed["tally"]["veto_days"]) == (True, 15)
    assert (
        closed["resolution"]["effect"],
        closed["resolution"]["veto_until"],
        closed["resolution"]["veto"],
    ) == (
        "pending_veto",
        "2026-03-17T01:00:00Z",
        None,
    )
    return motion


def test_a_veto_within_its_window_suspends_the_decision(world: Any, council: Council, clock: Any) -> None:
    motion = _passed_with_veto(world, council)
    clock.move_to(NOW + dt.timedelta(days=15))  # the last moment of the window
    before = _state()
    expert = Api(world.user("expert"))
    r = expert.post(f"/motions/{motion}/resolution/veto", {"reason": "  "})
    assert (r.status_code, list(r.json()["fields"])) == (422, ["reason"])
    # someone without a seat on the list may not veto
    assert (
        Api(world.user("member_contact"))
        .post(f"/motions/{motion}/resolution/veto", {"reason": "x"})
        .status_code
        == 403
    )
    assert _state() == before
    r = expert.post(f"/motions/{motion}/resolution/veto", {"reason": "严重影响本单位的知识产权"})
    assert r.status_code == 200, r.content
    resolution = r.json()["resolution"]
    assert (resolution["effect"], resolution["veto"]["seat"], resolution["veto"]["reason"]) == (
        "suspended",
        council.expert.pk,
        "严重影响本单位的知识产权",
    )
    entry = AuditEntry.objects.filter(action="governance.resolution.vetoed").get()
    assert entry.data["seat"] == council.expert.pk
    before = _state()
    r = Api(world.user("council_member")).post(f"/motions/{motion}/resolution/veto", {"reason": "也反对"})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")
    assert _state() == before
    # the window's end does not bring a suspended decision into force
    clock.move_to(NOW + dt.timedelta(days=20))
    assert Api(None).get(f"/motions/{motion}").json()["resolution"]["effect"] == "suspended"


def test_after_its_window_a_decision_takes_effect_by_itself(world: Any, council: Council, clock: Any) -> None:
    motion = _passed_with_veto(world, council)
    clock.move_to(NOW + dt.timedelta(days=15, minutes=1))
    # the tick, with no request, brings it into force as of the window's end
    counts = clocks.run_due(NOW + dt.timedelta(days=15, minutes=1))
    assert counts[VETO_WINDOW].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    resolution = Api(None).get(f"/motions/{motion}").json()["resolution"]
    assert (resolution["effect"], resolution["effective_at"]) == ("in_force", "2026-03-17T01:00:00Z")
    before = _state()
    r = Api(world.user("expert")).post(f"/motions/{motion}/resolution/veto", {"reason": "太迟了"})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")
    assert _state() == before


def test_a_page_settles_the_veto_window_when_no_worker_ran(world: Any, council: Council, clock: Any) -> None:
    motion = _passed_with_veto(world, council)
    clock.move_to(NOW + dt.timedelta(days=16))
    assert Api(None).get(f"/motions/{motion}").json()["resolution"]["effect"] == "in_force"
    assert AuditEntry.objects.filter(action="governance.resolution.in_force").count() == 1


# --- strict booleans ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["false", "true", "0", ""])
def test_a_string_is_never_a_boolean(world: Any, council: Council, text: str) -> None:
    before = (_state(), StaffMember.objects.count())
    r = Api(world.user("secretariat")).post(
        "/alliances/CSA/staff",
        {"name": "王干事", "position": "干事", "full_time": text, "since": "2026-03-01"},
    )
    assert (r.status_code, list(r.json()["fields"])) == (422, ["full_time"])
    r = Api(world.user("secretariat")).post(
        f"/bodies/{council.body.pk}/rules",
        {"rules": {**CUSTOM, "chair_casting_vote": text}, "adopted_on": "2026-03-01"},
    )
    assert (r.status_code, list(r.json()["fields"])) == (422, ["chair_casting_vote"])
    assert (_state(), StaffMember.objects.count()) == before
