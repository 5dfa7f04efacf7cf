"""Minutes acceptance (DESCA 6.2.5): the draft is circulated to the seats and accepted unless a seat
objects within the agreement's objection window (15 days without an agreement); an objection stops the
acceptance and the secretariat records revised minutes, which open a new window.

The clock is pinned: the meeting is convened on 2026-03-02 09:00 Beijing time for 2026-03-20 09:00–11:00;
the minutes are recorded on 2026-03-20 12:00, so the default window ends on 2026-04-04 12:00.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from itisa.agreements.content import Body as ContentBody
from itisa.agreements.content import default_procedures
from itisa.agreements.tests.fixtures import complete_content
from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.governance.clocks import MINUTES_WINDOW
from itisa.governance.models import Meeting, MinuteObjection
from itisa.governance.services import meeting_convene, meeting_minutes_record, minutes_object
from itisa.governance.tests.conftest import make_council
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for

BEIJING = dt.timezone(dt.timedelta(hours=8))
CONVENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
STARTS = dt.datetime(2026, 3, 20, 9, 0, tzinfo=BEIJING)
RECORDED = dt.datetime(2026, 3, 20, 12, 0, tzinfo=BEIJING)
WINDOW_ENDS = dt.datetime(2026, 4, 4, 12, 0, tzinfo=BEIJING)
TEXT = "会议审议通过了年度工作计划。"


def _meeting(world: Any, body: Any) -> Meeting:
    with time_machine.travel(CONVENED, tick=False):
        return meeting_convene(by=world.user("secretariat"), body=body, kind="regular", title_zh="第一次理事会",
                               starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2))  # fmt: skip


def _recorded(world: Any, body: Any) -> Meeting:
    meeting = _meeting(world, body)
    with time_machine.travel(RECORDED, tick=False):
        return meeting_minutes_record(by=world.user("secretariat"), meeting=meeting, minutes_zh=TEXT)


def _minutes(meeting: Meeting) -> tuple[Any, ...]:
    m = Meeting.objects.get(pk=meeting.pk)
    return (m.status, m.minutes_status, m.minutes_version, m.minutes_objection_until, m.minutes_accepted_at)


def _state() -> tuple[Any, ...]:
    return (
        list(Meeting.objects.order_by("pk").values_list("minutes_zh", "minutes_status", "minutes_version")),
        MinuteObjection.objects.count(),
        AuditEntry.objects.count(),
    )


def test_recorded_minutes_are_circulated_with_a_fifteen_day_window(world: Any, council: Any) -> None:
    meeting = _recorded(world, council.body)
    assert _minutes(meeting) == ("held", "circulated", 1, WINDOW_ENDS, None)
    entry = AuditEntry.objects.get(action="governance.meeting.minutes")
    assert entry.data["version"] == 1
    assert entry.data["objection_until"] == WINDOW_ENDS.astimezone(dt.UTC).isoformat()
    assert entry.data["objection_days"] == 15
    assert "objection_days_from" not in entry.data
    told = Notification.objects.filter(kind="governance.meeting.minutes_circulated")
    assert sorted(n.recipient.username for n in told) == ["council_member", "expert", "legal_representative"]


def test_minutes_are_accepted_by_themselves_at_the_window_end(world: Any, council: Any) -> None:
    meeting = _recorded(world, council.body)
    with time_machine.travel(WINDOW_ENDS, tick=False):  # an objection at the last moment still counts
        assert clocks.run_due()[MINUTES_WINDOW].as_dict() == {"due": 0, "fired": 0, "settled": 0, "failed": 0}
    assert _minutes(meeting)[1] == "circulated"
    with time_machine.travel(WINDOW_ENDS + dt.timedelta(seconds=1), tick=False):
        assert clocks.run_due()[MINUTES_WINDOW].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
        assert clocks.run_due()[MINUTES_WINDOW].as_dict() == {"due": 0, "fired": 0, "settled": 0, "failed": 0}
    assert _minutes(meeting) == ("held", "accepted", 1, WINDOW_ENDS, WINDOW_ENDS)
    entry = AuditEntry.objects.get(action="governance.meeting.minutes_accepted")
    assert (entry.actor_id, entry.data) == (
        None,
        {"version": 1, "objection_until": WINDOW_ENDS.astimezone(dt.UTC).isoformat()},
    )


def test_the_meeting_page_and_api_settle_the_window(world: Any, council: Any) -> None:
    meeting = _recorded(world, council.body)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.user("expert"))
    with time_machine.travel(WINDOW_ENDS + dt.timedelta(minutes=1), tick=False):
        response = client.get(f"/api/meetings/{meeting.pk}")
        assert response.status_code == 200
        body = response.json()
        assert (body["minutes_status"], body["minutes_version"], body["objections"]) == ("accepted", 1, [])
        page = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert '<span data-testid="minutes-status">已通过</span>' in page
    assert 'data-testid="object-minutes"' not in page
    assert _minutes(meeting)[1:] == ("accepted", 1, WINDOW_ENDS, WINDOW_ENDS)


def test_an_objection_within_the_window_stops_acceptance_and_revised_minutes_open_a_new_one(
    world: Any, council: Any
) -> None:
    meeting = _recorded(world, council.body)
    objected_at = WINDOW_ENDS - dt.timedelta(days=1)
    with time_machine.travel(objected_at, tick=False):
        objection = minutes_object(
            by=world.user("legal_representative"), meeting=meeting, reason="表决结果记录有误"
        )
    assert (objection.seat_id, objection.version, objection.reason, objection.at) == (
        council.member.pk, 1, "表决结果记录有误", objected_at
    )  # fmt: skip
    told = Notification.objects.filter(kind="governance.meeting.minutes_objected")
    assert [n.recipient.username for n in told] == ["secretariat"]
    with time_machine.travel(WINDOW_ENDS + dt.timedelta(days=30), tick=False):
        assert clocks.run_due()[MINUTES_WINDOW].as_dict()["due"] == 0
    assert _minutes(meeting) == ("held", "objected", 1, WINDOW_ENDS, None)
    revised_at = WINDOW_ENDS + dt.timedelta(days=30)
    with time_machine.travel(revised_at, tick=False):
        meeting_minutes_record(by=world.user("secretariat"), meeting=Meeting.objects.get(pk=meeting.pk),
                               minutes_zh="会议以三票赞成通过了年度工作计划。")  # fmt: skip
    new_window = revised_at + dt.timedelta(days=15)
    assert _minutes(meeting) == ("held", "circulated", 2, new_window, None)
    entry = AuditEntry.objects.get(action="governance.meeting.minutes_revised")
    assert (entry.data["previous"], entry.data["minutes_zh"], entry.data["version"]) == (
        TEXT, "会议以三票赞成通过了年度工作计划。", 2
    )  # fmt: skip
    with time_machine.travel(new_window + dt.timedelta(seconds=1), tick=False):
        assert clocks.run_due()[MINUTES_WINDOW].as_dict()["fired"] == 1
    assert _minutes(meeting) == ("held", "accepted", 2, new_window, new_window)


def test_an_objection_after_the_window_is_refused_and_nothing_is_written(world: Any, council: Any) -> None:
    meeting = _recorded(world, council.body)
    before = _state()
    with (
        time_machine.travel(WINDOW_ENDS + dt.timedelta(seconds=1), tick=False),
        pytest.raises(InvalidTransition, match="objection window of these minutes has closed"),
    ):
        minutes_object(by=world.user("legal_representative"), meeting=meeting, reason="太晚了")
    assert _state() == before


def test_who_may_object(world: Any, council: Any) -> None:
    meeting = _recorded(world, council.body)
    before = _state()
    with time_machine.travel(RECORDED + dt.timedelta(days=1), tick=False):
        with pytest.raises(PermissionDenied):
            minutes_object(by=world.user("member_contact"), meeting=meeting, reason="不同意")
        with pytest.raises(DomainError) as exc:
            minutes_object(by=world.user("secretariat"), meeting=meeting, reason="不同意")
        assert exc.value.fields == {"seat": ["Choose the seat that objects."]}
        with pytest.raises(DomainError) as exc:
            minutes_object(by=world.user("expert"), meeting=meeting, reason="  ")
        assert exc.value.fields == {"reason": ["Say what the minutes get wrong."]}
        assert _state() == before
        on_behalf = minutes_object(by=world.user("secretariat"), meeting=meeting, reason="书面异议",
                                   seat=council.silent)  # fmt: skip
    assert (on_behalf.seat_id, on_behalf.cast_by_label) == (council.silent.pk, "secretariat")


def test_the_window_length_comes_from_the_agreement(agreement_world: Any) -> None:
    aw = agreement_world
    council = make_council(aw.world)
    bodies = [ContentBody.model_validate(b) for b in complete_content()["bodies"]]
    procedures = default_procedures(bodies).model_copy(update={"minutes_objection_days": 20})
    version = aw.open_version(procedures=procedures.model_dump(mode="json"))
    with time_machine.travel(CONVENED - dt.timedelta(days=60), tick=False):
        aw.sign(version, "a")
        aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    with time_machine.travel(CONVENED - dt.timedelta(days=50), tick=False):
        start = CONVENED + dt.timedelta(days=1)
        meeting = meeting_convene(by=aw.world.user("secretariat"), body=council.body, kind="regular",
                                  title_zh="理事会会议", starts_at=start, ends_at=start + dt.timedelta(hours=2))  # fmt: skip
    with time_machine.travel(RECORDED, tick=False):
        meeting_minutes_record(by=aw.world.user("secretariat"), meeting=meeting, minutes_zh=TEXT)
    assert _minutes(meeting)[3] == RECORDED + dt.timedelta(days=20)
    entry = AuditEntry.objects.get(action="governance.meeting.minutes")
    assert (entry.data["objection_days"], entry.data["objection_days_from"]) == (20, "CSA/v1")


def test_todos_for_the_minutes(world: Any, council: Any) -> None:
    meeting = _meeting(world, council.body)
    s = world.user("secretariat")
    ended = dt.datetime(2026, 3, 25, 9, 0, tzinfo=BEIJING)
    [todo] = [t for t in todos_for(s, now=ended) if t.kind.code == "governance.meeting.minutes"]
    assert (todo.subject, todo.due, todo.overdue) == ("第一次理事会", dt.date(2026, 3, 30), False)
    late = dt.datetime(2026, 3, 31, 9, 0, tzinfo=BEIJING)
    [todo] = [t for t in todos_for(s, now=late) if t.kind.code == "governance.meeting.minutes"]
    assert todo.overdue is True
    with time_machine.travel(RECORDED, tick=False):
        meeting_minutes_record(by=s, meeting=meeting, minutes_zh=TEXT)
    assert [t for t in todos_for(s, now=late) if t.kind.code == "governance.meeting.minutes"] == []
    rep = world.user("legal_representative")
    [todo] = [t for t in todos_for(rep, now=late) if t.kind.code == "governance.meeting.minutes_objections"]
    assert (todo.subject, todo.due) == ("第一次理事会", dt.date(2026, 4, 4))
    assert todo.detail.endswith("objections until 4 Apr 2026 12:00")
    with time_machine.travel(late, tick=False):
        minutes_object(by=rep, meeting=meeting, reason="有误")
    assert [
        t for t in todos_for(rep, now=late) if t.kind.code == "governance.meeting.minutes_objections"
    ] == []
    [todo] = [t for t in todos_for(s, now=late) if t.kind.code == "governance.meeting.minutes"]
    assert (todo.due, todo.overdue) == (None, False)


def test_objecting_through_the_api_and_the_page(world: Any, council: Any) -> None:
    meeting = _recorded(world, council.body)
    rep = Client(HTTP_ACCEPT_LANGUAGE="en")
    rep.force_login(world.user("legal_representative"))
    url = f"/api/meetings/{meeting.pk}/minutes/objections"
    with time_machine.travel(RECORDED + dt.timedelta(days=2), tick=False):
        page = rep.get(f"/governance/meetings/{meeting.pk}/").content.decode()
        assert 'data-testid="object-minutes"' in page
        before = _state()
        refused = rep.post(url, {"reason": "有误", "seat": council.chair.pk}, content_type="application/json")
        assert refused.status_code == 422
        assert _state() == before
        # the page asks for confirmation first; nothing is written until then
        form = {"seat": council.member.pk, "reason": "出席人数记录有误"}
        asked = rep.post(f"/governance/meetings/{meeting.pk}/minutes/object/", form)
        assert asked.status_code == 200 and 'name="confirmed"' in asked.content.decode()
        assert _state() == before
        done = rep.post(url, {"reason": "出席人数记录有误"}, content_type="application/json")
    assert done.status_code == 200
    body = done.json()
    assert (body["minutes_status"], body["minutes_version"]) == ("objected", 1)
    assert body["objections"] == [
        {
            "version": 1,
            "seat": council.member.pk,
            "holder_name": "李理事",
            "reason": "出席人数记录有误",
            "at": "2026-03-22T04:00:00Z",
        }
    ]
    with time_machine.travel(RECORDED + dt.timedelta(days=3), tick=False):
        again = rep.post(url, {"reason": "再次"}, content_type="application/json")
        assert again.status_code == 409
        page = rep.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="minute-objections"' in page and "出席人数记录有误" in page
