"""Meetings as iCalendar (RFC 5545), with the ``icalendar`` package: one meeting, or an alliance's feed."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse

from itisa.governance.choices import MeetingStatus
from itisa.governance.models import Meeting

PRODID = "-//ITISA//Alliance governance//ZH"


def _event(meeting: Meeting) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@itisa")
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.body.name_zh}：{meeting.title_zh}")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", f"{meeting.get_kind_display()} · {meeting.body.alliance.name_zh}")
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("governance:meeting", args=[meeting.pk]))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("sequence", 1 if meeting.status == MeetingStatus.CANCELLED else 0)
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal.to_ical()
