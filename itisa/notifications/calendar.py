"""A user's dated duties as iCalendar (RFC 5545), with the ``icalendar`` package, for their private feed.

Meetings to attend are events (VEVENT, start and end); every other dated duty is a to-do (VTODO) due
on its day, or at its moment when it has one (a ballot's deadline). Undated duties are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings

from itisa.notifications.todo import Todo

PRODID = "-//ITISA//To-do list//ZH"


def _summary(todo: Todo) -> str:
    return f"{todo.title} {todo.subject}"


def _common(component: icalendar.Component, todo: Todo, now: dt.datetime) -> None:
    component.add("uid", f"{todo.ref}@itisa")
    component.add("dtstamp", now)
    component.add("summary", _summary(todo))
    if todo.detail:
        component.add("description", todo.detail)
    component.add("url", settings.SITE_URL.rstrip("/") + todo.url)
    if todo.alliance:
        component.add("categories", [todo.alliance])


def _component(todo: Todo, now: dt.datetime) -> icalendar.Component | None:
    if todo.starts_at is not None and todo.ends_at is not None:
        event = icalendar.Event()
        _common(event, todo, now)
        event.add("dtstart", todo.starts_at)
        event.add("dtend", todo.ends_at)
        return event
    if todo.starts_at is None and todo.due is None:
        return None
    item = icalendar.Todo()
    _common(item, todo, now)
    item.add("due", todo.starts_at or todo.due)
    item.add("status", "NEEDS-ACTION")
    return item


def calendar_bytes(todos: Iterable[Todo], *, name: str, now: dt.datetime) -> bytes:
    """The calendar of ``todos`` (only the dated ones), stamped ``now``."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for todo in todos:
        component = _component(todo, now)
        if component is not None:
            cal.add_component(component)
    return cal.to_ical()
