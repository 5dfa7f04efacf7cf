"""Defects a review found in governance's API: a naive datetime is refused (422, nothing written), and a
second veto of the same resolution is a conflict (409), never a second row. The clock is pinned to
Monday 2026-03-02 09:00 Beijing time; CSA's council is governance/tests/conftest.py's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry
from itisa.governance.models import Meeting, Motion, Veto
from itisa.governance.tests.conftest import Council, make_council

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def council(world: Any, clock: Any) -> Council:
    return make_council(world)


def _state() -> tuple[int, ...]:
    return (Meeting.objects.count(), Motion.objects.count(), Veto.objects.count(), AuditEntry.objects.count())


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        (
            "/alliances/CSA/meetings",
            {"kind": "regular", "title_zh": "理事会第五次会议", "starts_at": "2026-03-20T09:00:00",
             "ends_at": "2026-03-20T12:00:00+08:00"},
        ),
        (
            "/alliances/CSA/meetings",
            {"kind": "regular", "title_zh": "理事会第五次会议", "starts_at": "2026-03-20T09:00:00+08:00",
             "ends_at": "2026-03-20T12:00:00"},
        ),
        ("/alliances/CSA/motions", {"title_zh": "关于修订章程的议案", "method": "ballot", "deadline": "2026-03-05T09:00:00"}),
    ],
)  # fmt: skip
def test_a_naive_datetime_is_refused(
    world: Any, council: Council, path: str, payload: dict[str, Any]
) -> None:
    before = _state()
    r = Api(world.user("secretariat")).post(path, {"body_id": council.body.pk, **payload})
    assert r.status_code == 422, r.content
    naive = [k for k in ("starts_at", "ends_at", "deadline") if k in payload and "+" not in payload[k]]
    assert [f.split(".")[-1] for f in r.json()["fields"]] == naive
    assert _state() == before
    # the same instant with its offset is accepted
    aware = {k: (v + "+08:00" if k in naive else v) for k, v in payload.items()}
    assert Api(world.user("secretariat")).post(path, {"body_id": council.body.pk, **aware}).status_code == 201


def test_a_second_veto_of_the_same_resolution_is_a_conflict(world: Any, council: Council, clock: Any) -> None:
    s = Api(world.user("secretariat"))
    rules = {"quorum": "1/2", "quorum_comparison": "at_least", "threshold": "1/2", "threshold_comparison":
             "more_than", "threshold_base": "present", "abstentions_count_as_present": True, "veto_days": 15}  # fmt: skip
    assert (
        s.post(f"/bodies/{council.body.pk}/rules", {"rules": rules, "adopted_on": "2026-03-01"}).status_code
        == 201
    )
    r = s.post(
        "/alliances/CSA/motions",
        {"body_id": council.body.pk, "title_zh": "关于修订章程的议案", "method": "ballot",
         "deadline": (NOW + dt.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    motion = r.json()["id"]
    for persona in ("council_member", "legal_representative", "expert"):
        assert Api(world.user(persona)).post(f"/motions/{motion}/votes", {"choice": "yes"}).status_code == 201
    assert s.post(f"/motions/{motion}/close", {}).status_code == 200
    expert = Api(world.user("expert"))
    assert expert.post(f"/motions/{motion}/resolution/veto", {"reason": "严重影响本单位"}).status_code == 200
    before = _state()
    # the same seat again, and another seat on the list: 409, and nothing written
    for persona in ("expert", "legal_representative"):
        r = Api(world.user(persona)).post(f"/motions/{motion}/resolution/veto", {"reason": "再次否决"})
        assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")
    assert _state() == before
    assert Veto.objects.filter(resolution__motion_id=motion).count() == 1


def test_a_veto_racing_one_already_written_is_a_conflict_not_a_500(world: Any, council: Council) -> None:
    """Two vetoes at once: the one that writes second finds the row of the first (the unique resolution)."""
    s = Api(world.user("secretariat"))
    rules = {"quorum": "1/2", "quorum_comparison": "at_least", "threshold": "1/2", "threshold_comparison":
             "more_than", "threshold_base": "present", "abstentions_count_as_present": True, "veto_days": 15}  # fmt: skip
    assert (
        s.post(f"/bodies/{council.body.pk}/rules", {"rules": rules, "adopted_on": "2026-03-01"}).status_code
        == 201
    )
    r = s.post(
        "/alliances/CSA/motions",
        {"body_id": council.body.pk, "title_zh": "关于修订章程的议案", "method": "ballot",
         "deadline": (NOW + dt.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    motion = r.json()["id"]
    for persona in ("council_member", "legal_representative", "expert"):
        assert Api(world.user(persona)).post(f"/motions/{motion}/votes", {"choice": "yes"}).status_code == 201
    assert s.post(f"/motions/{motion}/close", {}).status_code == 200
    # the first veto's row is in, its resolution not yet marked (the moment the second request reads it)
    from itisa.governance.models import Resolution

    first = Veto.objects.create(resolution=Resolution.objects.get(motion_id=motion), seat=council.expert,
                                reason="严重影响本单位", at=NOW)  # fmt: skip
    before = _state()
    r = Api(world.user("legal_representative")).post(
        f"/motions/{motion}/resolution/veto", {"reason": "再次否决"}
    )
    assert (r.status_code, r.json()["code"], r.json()["message"]) == (
        409, "conflict", "This decision has already been vetoed.",
    )  # fmt: skip
    assert _state() == before
    assert list(Veto.objects.filter(resolution__motion_id=motion)) == [first]
