"""Meetings, motions and votes over the API: a ballot end to end, refusals that change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry
from itisa.governance.models import Meeting, Motion, Vote
from itisa.governance.tests.conftest import make_council


def _state() -> tuple[int, ...]:
    return (Motion.objects.count(), Vote.objects.count(), Meeting.objects.count(), AuditEntry.objects.count())


def test_a_ballot_end_to_end(world: Any) -> None:
    council = make_council(world)
    s = Api(world.user("secretariat"))
    deadline = (timezone.now() + dt.timedelta(days=5)).isoformat()
    r = s.post(
        "/alliances/CSA/motions",
        {
            "body_id": council.body.pk,
            "title_zh": "关于接纳新成员的议案",
            "method": "ballot",
            "deadline": deadline,
        },
    )
    assert r.status_code == 201, r.content
    motion = r.json()
    assert (motion["number"], motion["status"], motion["rules_version"], motion["tally"]) == (
        1,
        "open",
        1,
        None,
    )
    mid = motion["id"]
    for persona, choice in (
        ("council_member", "yes"),
        ("legal_representative", "yes"),
        ("expert", "abstain"),
    ):
        r = Api(world.user(persona)).post(f"/motions/{mid}/votes", {"choice": choice})
        assert (r.status_code, r.json()["choice"]) == (201, choice)
    # while open, who voted is public but not how
    open_view = Api(None).get(f"/motions/{mid}").json()
    assert [v["choice"] for v in open_view["votes"]] == [None, None, None]
    before = _state()
    r = Api(world.user("expert")).post(f"/motions/{mid}/votes", {"choice": "no"})
    assert (r.status_code, r.json()["code"]) == (409, "conflict")
    r = Api(world.user("member_contact")).post(f"/motions/{mid}/votes", {"choice": "no"})
    assert r.status_code == 403
    assert _state() == before
    listing = Api(None).get("/alliances/CSA/motions?status=open").json()
    assert [(m["number"], m["votes_cast"]) for m in listing["items"]] == [(1, 3)]
    r = s.post(f"/motions/{mid}/close", {"comment": "提前结束"})
    assert r.status_code == 200, r.content
    closed = r.json()
    assert closed["tally"] == {
        "rules_version": 1,
        "agreement_version": None,
        "seats": 4,
        "attending": None,
        "present": 3,
        "yes": 2,
        "no": 0,
        "abstain": 1,
        "quorum": "2/3",
        "quorum_comparison": "at_least",
        "quorum_met": True,
        "threshold": "2/3",
        "threshold_comparison": "at_least",
        "threshold_base": "present",
        "base": 3,
        "abstentions_count_as_present": True,
        "chair_casting_vote": False,
        "veto_days": 0,
        "passed": True,
        "outcome": "passed",
    }
    assert sorted(v["choice"] for v in closed["votes"]) == ["abstain", "yes", "yes"]
    assert closed["resolution"]["status"] == "pending"
    r = s.post(f"/motions/{mid}/resolution/assign", {"responsible": "秘书处", "due_on": "2027-02-01"})
    assert (r.status_code, r.json()["resolution"]["due_on"]) == (200, "2027-02-01")
    r = s.post(f"/motions/{mid}/close", {})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")


def test_meetings_over_the_api(world: Any) -> None:
    council = make_council(world)
    chair = Api(world.user("council_member"))
    start = timezone.now() + dt.timedelta(days=10)
    r = chair.post(
        "/alliances/CSA/meetings",
        {
            "body_id": council.body.pk,
            "kind": "regular",
            "title_zh": "年度会议",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=3)).isoformat(),
            "location": "上海",
        },
    )
    assert r.status_code == 201, r.content
    meeting = r.json()
    assert (meeting["convened_by"], meeting["status"], meeting["attendance"], meeting["motions"]) == (
        "chair",
        "scheduled",
        [],
        [],
    )
    r = chair.post(
        "/alliances/CSA/motions",
        {
            "body_id": council.body.pk,
            "title_zh": "年度预算",
            "method": "meeting",
            "meeting_id": meeting["id"],
        },
    )
    assert r.status_code == 201, r.content
    detail = Api(None).get(f"/meetings/{meeting['id']}").json()
    assert [(m["title_zh"], m["method"]) for m in detail["motions"]] == [("年度预算", "meeting")]
    before = _state()
    r = chair.post(
        "/alliances/CSA/meetings",
        {
            "body_id": council.body.pk,
            "kind": "regular",
            "title_zh": "太急",
            "starts_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
            "ends_at": (timezone.now() + dt.timedelta(days=1, hours=1)).isoformat(),
        },
    )
    assert (r.status_code, list(r.json()["fields"])) == (422, ["starts_at"])
    assert _state() == before
    listing = Api(None).get("/alliances/CSA/meetings").json()
    assert [(m["title_zh"], m["requested_by"]) for m in listing["items"]] == [("年度会议", [])]
    r = chair.post(f"/meetings/{meeting['id']}/cancel", {"reason": "改期"})
    assert (r.status_code, r.json()["status"]) == (200, "cancelled")
