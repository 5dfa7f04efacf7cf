"""API schemas of the inbox."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from itisa.notifications.models import Notification


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
