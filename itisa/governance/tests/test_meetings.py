"""Meetings: notice period, who convenes, attendance, minutes, cancellation, iCalendar and the minutes PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.governance.calendar import calendar_bytes
from itisa.governance.models import Attendance, Meeting, Motion
from itisa.governance.services import (
    meeting_attendance_record,
    meeting_cancel,
    meeting_convene,
    meeting_minutes_record,
    motion_open,
    vote_cast,
)
from itisa.notifications.models import Notification

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _state() -> tuple[Any, ...]:
    return (
        list(Meeting.objects.order_by("pk").values_list("pk", "status", "minutes_zh")),
        Attendance.objects.count(),
        list(Motion.objects.order_by("pk").values_list("pk", "status")),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )


def _convene(world: Any, council: Any, *, days: float = 10, by: str = "secretariat", **kw: Any) -> Meeting:
    start = kw.pop("starts_at", NOW + dt.timedelta(days=days))
    return meeting_convene(
        by=world.user(by),
        body=council.body,
        kind=kw.pop("kind", "regular"),
        title_zh=kw.pop("title_zh", "第三届理事会第二次会议"),
        starts_at=start,
        ends_at=kw.pop("ends_at", start + dt.timedelta(hours=3)),
        location="北京",
        now=kw.pop("now", NOW),
        **kw,
    )


def test_convening_with_notice_sends_the_notice_to_every_represented_seat(world: Any, council: Any) -> None:
    meeting = _convene(world, council)
    assert (meeting.convened_by, meeting.status, meeting.notice_given_at) == ("chair", "scheduled", NOW)
    notices = Notification.objects.filter(kind="governance.meeting.notice")
    assert sorted(notices.values_list("recipient__username", flat=True)) == [
        "council_member",
        "expert",
        "legal_representative",
    ]
    assert notices.first().subject == "会议通知：第三届理事会第二次会议"
    assert notices.first().url == f"/governance/meetings/{meeting.pk}/"
    entry = AuditEntry.objects.get(action="governance.meeting.convened")
    assert (entry.data["notice_days"], entry.data["convened_by"]) == (7, "chair")


def test_the_chair_convenes_and_an_ordinary_member_does_not(world: Any, council: Any) -> None:
    assert _convene(world, council, by="council_member").convened_by == "chair"
    before = _state()
    with pytest.raises(PermissionDenied):
        _convene(world, council, by="legal_representative")
    assert _state() == before


def test_short_notice_is_refused_and_nothing_is_written(world: Any, council: Any) -> None:
    before = _state()
    with pytest.raises(DomainError) as exc:
        _convene(world, council, days=6.9)
    assert exc.value.fields["starts_at"] == [
        "The rules of 理事会 require 7 days' notice: the meeting starts on 8 Mar 2026 09:00 at the earliest."
    ]
    with pytest.raises(DomainError) as exc:
        _convene(world, council, ends_at=NOW + dt.timedelta(days=9))
    assert "ends_at" in exc.value.fields
    assert _state() == before


def test_a_quarter_of_the_seats_may_call_an_extraordinary_meeting(world: Any, council: Any) -> None:
    # 1 of 4 seats = 1/4, enough under two_thirds_present (extraordinary share 1/4)
    meeting = _convene(world, council, kind="extraordinary", by="expert", requested_by=[council.expert])
    assert meeting.convened_by == "seats"
    assert list(meeting.requested_by.all()) == [council.expert]
    before = _state()
    with pytest.raises(DomainError) as exc:
        _convene(world, council, kind="regular", by="expert", requested_by=[council.expert])
    assert exc.value.fields["kind"] == ["Seats may request only an extraordinary meeting."]
    with pytest.raises(PermissionDenied):
        _convene(world, council, kind="extraordinary", by="expert", requested_by=[council.member])
    assert _state() == before


def test_one_seat_of_five_is_not_enough_to_call_a_meeting(world: Any, council: Any) -> None:
    from itisa.governance.services import seat_add

    seat_add(
        by=world.user("secretariat"),
        body=council.body,
        holder_name="钱专家",
        role="member",
        term_start=dt.date(2026, 1, 1),
    )
    before = _state()
    with pytest.raises(DomainError) as exc:
        _convene(world, council, kind="extraordinary", by="expert", requested_by=[council.expert])
    assert exc.value.fields["requested_by"] == [
        "1 of 5 seats cannot call an extraordinary meeting; the rules need 1/4 of the seats."
    ]
    assert _state() == before


def _held(world: Any, council: Any) -> Meeting:
    """A meeting convened in the past, which has started now."""
    past = timezone.now() - dt.timedelta(days=20)
    return _convene(world, council, now=past, starts_at=timezone.now() - dt.timedelta(hours=1))


def test_attendance_and_minutes_after_the_meeting_started(world: Any, council: Any) -> None:
    meeting = _held(world, council)
    s = world.user("secretariat")
    rows = meeting_attendance_record(
        by=s, meeting=meeting, seats=[council.chair, council.member], proxies={council.member.pk: "李秘书"}
    )
    assert sorted((a.seat_id, a.proxy_name) for a in rows) == sorted(
        [(council.chair.pk, ""), (council.member.pk, "李秘书")]
    )
    before = _state()
    with pytest.raises(DomainError, match="already recorded"):
        meeting_attendance_record(by=s, meeting=meeting, seats=[council.chair])
    with pytest.raises(PermissionDenied):
        meeting_attendance_record(by=world.user("council_member"), meeting=meeting, seats=[council.expert])
    with pytest.raises(DomainError):
        meeting_minutes_record(by=s, meeting=meeting, minutes_zh="  ")
    assert _state() == before
    done = meeting_minutes_record(by=s, meeting=meeting, minutes_zh="会议审议通过了年度工作计划。")
    assert (done.status, done.minutes_zh) == ("held", "会议审议通过了年度工作计划。")
    with pytest.raises(InvalidTransition):
        meeting_minutes_record(by=s, meeting=meeting, minutes_zh="改写")
    assert Meeting.objects.get(pk=meeting.pk).minutes_zh == "会议审议通过了年度工作计划。"


def test_attendance_and_minutes_wait_for_the_meeting(world: Any, council: Any) -> None:
    meeting = _convene(world, council, now=timezone.now(), starts_at=timezone.now() + dt.timedelta(days=8))
    before = _state()
    with pytest.raises(DomainError, match="once the meeting has started"):
        meeting_attendance_record(by=world.user("secretariat"), meeting=meeting, seats=[council.chair])
    with pytest.raises(DomainError, match="after the meeting has started"):
        meeting_minutes_record(by=world.user("secretariat"), meeting=meeting, minutes_zh="提前写的纪要")
    assert _state() == before


def test_a_meeting_motion_is_voted_only_once_the_meeting_has_started(world: Any, council: Any) -> None:
    future = _convene(world, council, now=timezone.now(), starts_at=timezone.now() + dt.timedelta(days=8))
    motion = motion_open(
        by=world.user("secretariat"), body=council.body, title_zh="年度预算", method="meeting", meeting=future
    )
    assert motion.deadline == future.ends_at
    with pytest.raises(PermissionDenied, match="has not started"):
        vote_cast(by=world.user("expert"), motion=motion, choice="yes")
    held = _held(world, council)
    voted = motion_open(
        by=world.user("secretariat"), body=council.body, title_zh="年度计划", method="meeting", meeting=held
    )
    assert vote_cast(by=world.user("expert"), motion=voted, choice="yes").choice == "yes"


def test_cancelling_withdraws_motions_without_votes_and_tells_the_seats(world: Any, council: Any) -> None:
    meeting = _convene(world, council, now=timezone.now(), starts_at=timezone.now() + dt.timedelta(days=8))
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="年度预算",
        method="meeting",
        meeting=meeting,
    )
    before = _state()
    with pytest.raises(DomainError):
        meeting_cancel(by=world.user("secretariat"), meeting=meeting, reason="")
    with pytest.raises(PermissionDenied):
        meeting_cancel(by=world.user("expert"), meeting=meeting, reason="不想开")
    assert _state() == before
    meeting_cancel(by=world.user("council_member"), meeting=meeting, reason="主要议题推迟")
    assert Meeting.objects.get(pk=meeting.pk).status == "cancelled"
    assert Motion.objects.get(pk=motion.pk).status == "withdrawn"
    told = Notification.objects.filter(kind="governance.meeting.cancelled")
    assert told.count() == 3
    assert "主要议题推迟" in told.first().body
    with pytest.raises(InvalidTransition):
        meeting_cancel(by=world.user("secretariat"), meeting=meeting, reason="再取消一次")


def test_meetings_export_as_icalendar(world: Any, council: Any) -> None:
    meeting = _convene(world, council)
    cal = icalendar.Calendar.from_ical(calendar_bytes([meeting], name="理事会"))
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "理事会：第三届理事会第二次会议"
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") == meeting.ends_at
    assert (str(event["location"]), str(event["uid"]), str(event["status"])) == (
        "北京",
        f"meeting-{meeting.pk}@itisa",
        "CONFIRMED",
    )
