"""Meeting, motion and voting pages: forms, confirmations, refusals that change nothing, pinned query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.governance.models import Meeting, Motion, Resolution, Vote
from itisa.governance.services import meeting_convene, motion_open, seat_add, vote_cast


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _ballot(world: Any, council: Any, title: str = "关于增补理事单位的议案") -> Motion:
    return motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh=title,
        method="ballot",
        deadline=timezone.now() + dt.timedelta(days=7),
    )


def _state() -> tuple[int, ...]:
    return (Motion.objects.count(), Vote.objects.count(), Meeting.objects.count(), AuditEntry.objects.count())


def test_secretariat_puts_a_ballot_from_the_form(world: Any, council: Any) -> None:
    c = client_for(world.user("secretariat"))
    assert c.get("/en/alliances/CSA/governance/motions/new/").status_code == 200
    before = _state()
    r = c.post(
        "/en/alliances/CSA/governance/motions/new/",
        {"body": council.body.pk, "title_zh": "议案", "method": "ballot", "deadline": ""},
    )
    assert r.status_code == 200
    assert b"A ballot needs a deadline." in r.content
    assert _state() == before
    deadline = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    r = c.post(
        "/en/alliances/CSA/governance/motions/new/",
        {"body": council.body.pk, "title_zh": "关于年度预算的议案", "method": "ballot", "deadline": deadline},
    )
    motion = Motion.objects.get()
    assert r.status_code == 302
    assert r["Location"] == f"/en/governance/motions/{motion.pk}/"
    assert (motion.title_zh, motion.number, motion.status) == ("关于年度预算的议案", 1, "open")


@pytest.mark.parametrize("persona", ["legal_representative", "member_contact", "outsider"])
def test_who_may_not_put_motions_gets_403_and_nothing_changes(world: Any, council: Any, persona: str) -> None:
    c = client_for(world.user(persona))
    before = _state()
    deadline = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    r = c.post(
        "/en/alliances/CSA/governance/motions/new/",
        {"body": council.body.pk, "title_zh": "x", "method": "ballot", "deadline": deadline},
    )
    assert r.status_code == 403
    assert _state() == before


def tally_cells(page: str) -> dict[str, str]:
    """The motion page's tally table: data-testid → text."""
    import re

    return {
        k: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", v)).strip()
        for k, v in re.findall(r'<td data-testid="(tally-[a-z]+)">(.*?)</td>', page)
    }


def test_a_representative_votes_from_the_page_once(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    c = client_for(world.user("legal_representative"))
    page = c.get(f"/en/governance/motions/{motion.pk}/")
    assert page.status_code == 200
    assert b'data-testid="vote-form"' in page.content
    assert "You vote for the seat of 李理事." in page.content.decode()
    # first the confirmation: what is cast, for which seat, and that it is final; nothing written yet
    before = _state()
    r = c.post(f"/en/governance/motions/{motion.pk}/vote/", {"choice": "no"})
    confirm = r.content.decode()
    assert r.status_code == 200
    assert "You are voting “No” for the seat of 李理事. A vote cannot be changed once cast." in " ".join(
        confirm.split()
    )
    assert '<input type="hidden" name="choice" value="no">' in confirm
    assert '<input type="hidden" name="confirmed" value="1">' in confirm
    assert _state() == before
    r = c.post(f"/en/governance/motions/{motion.pk}/vote/", {"choice": "no", "confirmed": "1"})
    assert r.status_code == 302
    assert Vote.objects.get().choice == "no"
    page = c.get(f"/en/governance/motions/{motion.pk}/").content.decode()
    assert "The seat of 李理事 voted: No. A vote cannot be changed." in page
    assert 'data-testid="vote-form"' not in page
    before = _state()
    r = c.post(f"/en/governance/motions/{motion.pk}/vote/", {"choice": "yes", "confirmed": "1"})
    assert r.status_code == 200
    assert "already voted" in r.content.decode()
    assert _state() == before


@pytest.mark.parametrize("persona", ["secretariat", "member_contact", "outsider"])
def test_a_non_seat_sees_why_and_cannot_post_a_vote(world: Any, council: Any, persona: str) -> None:
    motion = _ballot(world, council)
    c = client_for(world.user(persona))
    page = c.get(f"/en/governance/motions/{motion.pk}/")
    if persona == "outsider":
        assert page.status_code in (200, 403)
    else:
        assert (
            "Only the current representative (or, in a meeting, the recorded proxy) of a seat on the "
            "motion&#x27;s seat list may vote." in page.content.decode()
        )
    before = _state()
    assert c.post(f"/en/governance/motions/{motion.pk}/vote/", {"choice": "yes"}).status_code == 403
    assert _state() == before


def test_closing_asks_for_confirmation_then_shows_the_tally(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes")
    c = client_for(world.user("secretariat"))
    r = c.post(f"/en/governance/motions/{motion.pk}/close/", {"comment": "通讯表决"})
    assert r.status_code == 200
    assert "3 of 4 seats have voted." in r.content.decode()
    assert Motion.objects.get(pk=motion.pk).status == "open"
    r = c.post(f"/en/governance/motions/{motion.pk}/close/", {"comment": "通讯表决", "confirmed": "1"})
    assert r.status_code == 302
    motion.refresh_from_db()
    assert (motion.status, motion.passed, motion.yes) == ("closed", True, 3)
    page = c.get(f"/en/governance/motions/{motion.pk}/").content.decode()
    assert tally_cells(page) == {
        "tally-seats": "4",
        "tally-present": "3",
        "tally-votes": "3 / 0 / 0",
        "tally-quorum": "at least 2/3 of the seats: Quorum met.",
        "tally-threshold": "at least 2/3 of those present · 3 yes of 3",
        "tally-rules": "version 1",
    }
    assert 'data-testid="resolution"' in page
    r = c.post(
        f"/en/governance/motions/{motion.pk}/resolution/assign/",
        {"responsible": "秘书处", "responsible_user": "member_contact", "due_on": "2027-01-31"},
    )
    assert r.status_code == 302
    res = Resolution.objects.get()
    assert (res.responsible, res.responsible_user.username, res.due_on) == (
        "秘书处",
        "member_contact",
        dt.date(2027, 1, 31),
    )
    r = client_for(world.user("member_contact")).post(
        f"/en/governance/motions/{motion.pk}/resolution/update/", {"status": "in_progress", "note": "已启动"}
    )
    assert r.status_code == 302
    assert Resolution.objects.get().status == "in_progress"


def test_an_ordinary_member_cannot_close(world: Any, council: Any) -> None:
    motion = _ballot(world, council)
    before = _state()
    r = client_for(world.user("expert")).post(
        f"/en/governance/motions/{motion.pk}/close/", {"confirmed": "1"}
    )
    assert r.status_code == 403
    assert Motion.objects.get(pk=motion.pk).status == "open"
    assert _state() == before


def test_motion_list_filters_and_its_query_count_does_not_grow(
    world: Any, council: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(3):
        _ballot(world, council, title=f"议案{i}")
    c = client_for(world.user("council_member"))
    with django_assert_max_num_queries(12):
        r = c.get("/en/alliances/CSA/governance/motions/?status=open")
    assert r.content.decode().count('data-testid="motion-row"') == 3
    for i in range(30):
        _ballot(world, council, title=f"更多议案{i}")
    with django_assert_max_num_queries(12):
        r = c.get(f"/en/alliances/CSA/governance/motions/?status=open&body={council.body.pk}")
    assert r.content.decode().count('data-testid="motion-row"') == 25  # one page
    r = c.get(f"/en/alliances/CSA/governance/motions/?status=open&body={council.body.pk}&page=2")
    assert r.content.decode().count('data-testid="motion-row"') == 8
    r = c.get("/en/alliances/CSA/governance/motions/?status=closed")
    assert r.content.decode().count('data-testid="motion-row"') == 0


def test_motion_page_query_count_does_not_grow_with_votes(
    world: Any, council: Any, django_assert_max_num_queries: Any
) -> None:
    motion = _ballot(world, council)
    vote_cast(by=world.user("council_member"), motion=motion, choice="yes")
    c = client_for(world.user("secretariat"))
    with django_assert_max_num_queries(16):
        c.get(f"/en/governance/motions/{motion.pk}/")
    for persona in ("legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="no")
    with django_assert_max_num_queries(16):
        r = c.get(f"/en/governance/motions/{motion.pk}/")
    assert r.content.decode().count('data-testid="vote-row"') == 3


def test_convene_a_meeting_from_the_form_and_download_its_calendar(world: Any, council: Any) -> None:
    c = client_for(world.user("secretariat"))
    start = timezone.localtime() + dt.timedelta(days=10)
    r = c.post(
        "/en/alliances/CSA/governance/meetings/new/",
        {
            "body": council.body.pk,
            "kind": "regular",
            "title_zh": "年度理事会",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "location": "深圳",
        },
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.title_zh == "年度理事会"
    r = c.get(f"/en/governance/meetings/{meeting.pk}.ics")
    assert r["Content-Type"] == "text/calendar; charset=utf-8"
    event = next(iter(icalendar.Calendar.from_ical(r.content).walk("VEVENT")))
    assert str(event["summary"]) == "理事会：年度理事会"
    feed = c.get("/en/alliances/CSA/governance/meetings.ics")
    assert len(list(icalendar.Calendar.from_ical(feed.content).walk("VEVENT"))) == 1
    listing = c.get("/en/alliances/CSA/governance/meetings/").content.decode()
    assert listing.count('data-testid="meeting-row"') == 1
    before = _state()
    r = c.post(
        "/en/alliances/CSA/governance/meetings/new/",
        {
            "body": council.body.pk,
            "kind": "regular",
            "title_zh": "太急的会",
            "starts_at": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (timezone.localtime() + dt.timedelta(days=2, hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert r.status_code == 200
    assert "require 7 days&#x27; notice" in r.content.decode()
    assert _state() == before


def test_meeting_page_records_attendance_and_minutes_and_prints_them(world: Any, council: Any) -> None:
    meeting = meeting_convene(
        by=world.user("secretariat"),
        body=council.body,
        kind="regular",
        title_zh="已召开的会议",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() + dt.timedelta(hours=1),
        now=timezone.now() - dt.timedelta(days=30),
    )
    c = client_for(world.user("secretariat"))
    r = c.post(
        f"/en/governance/meetings/{meeting.pk}/attendance/",
        {"seats": [council.chair.pk, council.expert.pk], f"proxy_{council.expert.pk}": "王助理"},
    )
    assert r.status_code == 302
    r = c.post(f"/en/governance/meetings/{meeting.pk}/minutes/", {"minutes_zh": "会议通过了工作报告。"})
    assert r.status_code == 302
    page = c.get(f"/en/governance/meetings/{meeting.pk}/").content.decode()
    assert "2 of 4 seats present." in page
    assert "王助理" in page
    assert "会议通过了工作报告。" in page
    pdf = c.get(f"/en/governance/meetings/{meeting.pk}/minutes.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_cancel_a_meeting_after_confirming(world: Any, council: Any) -> None:
    meeting = meeting_convene(
        by=world.user("secretariat"),
        body=council.body,
        kind="regular",
        title_zh="将取消的会议",
        starts_at=timezone.now() + dt.timedelta(days=9),
        ends_at=timezone.now() + dt.timedelta(days=9, hours=1),
    )
    c = client_for(world.user("council_member"))
    r = c.post(f"/en/governance/meetings/{meeting.pk}/cancel/", {"reason": "改期"})
    assert r.status_code == 200
    assert 'data-testid="confirmation"' in r.content.decode()
    assert Meeting.objects.get().status == "scheduled"
    r = c.post(f"/en/governance/meetings/{meeting.pk}/cancel/", {"reason": "改期", "confirmed": "1"})
    assert r.status_code == 302
    assert Meeting.objects.get().status == "cancelled"


def test_a_second_chair_seat_makes_the_page_show_close_only_to_runners(world: Any, council: Any) -> None:
    seat_add(
        by=world.user("secretariat"),
        body=council.body,
        holder_name="钱",
        role="member",
        term_start=dt.date(2026, 1, 1),
    )
    motion = _ballot(world, council)
    assert (
        'data-testid="close"'
        in client_for(world.user("council_member"))
        .get(f"/en/governance/motions/{motion.pk}/")
        .content.decode()
    )
    assert (
        'data-testid="close"'
        not in client_for(world.user("expert")).get(f"/en/governance/motions/{motion.pk}/").content.decode()
    )


def test_a_seat_requests_an_extraordinary_meeting_from_the_form(world: Any, council: Any) -> None:
    expert = client_for(world.user("expert"))
    assert expert.get("/en/alliances/CSA/governance/meetings/new/").status_code == 200
    assert (
        client_for(world.user("member_contact")).get("/en/alliances/CSA/governance/meetings/new/").status_code
        == 403
    )
    start = timezone.localtime() + dt.timedelta(days=10)
    times = {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }
    before = _state()
    r = expert.post(
        "/en/alliances/CSA/governance/meetings/new/",
        {"body": council.body.pk, "kind": "extraordinary", "title_zh": "临时会议", **times},
    )
    assert r.status_code == 403  # without requesting seats an ordinary seat cannot convene
    assert _state() == before
    r = expert.post(
        "/en/alliances/CSA/governance/meetings/new/",
        {
            "body": council.body.pk,
            "kind": "extraordinary",
            "title_zh": "临时会议",
            "requested_by": [council.expert.pk],
            **times,
        },
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.convened_by, list(meeting.requested_by.all())) == ("seats", [council.expert])
