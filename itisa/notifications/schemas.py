"""API schemas of the inbox."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from itisa.notifications.models import Notification
from itisa.notifications.todo import Todo


class NotificationOut(Schema):
    """One notification of the current user; ``alliance`` is the alliance's short code."""

    id: int
    kind: str
    subject: str
    body: str
    url: str
    alliance: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_alliance(obj: Notification) -> str | None:
        return obj.alliance.code if obj.alliance is not None else None


class NotificationFilterIn(Schema):
    """``unread=true`` lists only the unread notifications."""

    unread: bool = False


class MarkedOut(Schema):
    """How many notifications were marked as read."""

    marked: int


class TodoOut(Schema):
    """One duty of the current user (``notifications.todo.Todo``): ``title`` (the kind's verb, in
    the client's language) followed by ``subject`` is what people read; ``url`` is the page where
    it is done; ``overdue`` means the ``due`` day has passed."""

    kind: str
    ref: str
    title: str
    subject: str
    detail: str
    url: str
    alliance: str | None
    due: dt.date | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    overdue: bool

    @staticmethod
    def resolve_kind(obj: Todo) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_title(obj: Todo) -> str:
        return str(obj.title)


class TodoListOut(Schema):
    """The current user's to-do list, overdue first, then by due date; ``count`` items in all."""

    count: int
    items: list[TodoOut]


class TodoFilterIn(Schema):
    """``kind=<code>`` keeps one kind of duty (``agreements.version.sign``, ``membership.invoice.pay``…)."""

    kind: str = ""
