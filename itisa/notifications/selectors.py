"""Reads of the inbox, scoped to the viewer: a user sees only their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.notifications.models import CalendarFeed, Notification


def inbox_of(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    """The viewer's notifications, newest first (only the unread ones with ``unread=True``)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user).select_related("alliance")
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_get(user: Any, pk: int) -> Notification | None:
    """One of the viewer's own notifications, or None (someone else's is not found, not forbidden)."""
    return inbox_of(user).filter(pk=pk).first()


def unread_count(user: Any) -> int:
    """How many of the viewer's notifications are unread (one COUNT query)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def calendar_feed_user(secret: str) -> Any:
    """The active user whose private calendar address ends in ``secret``, or None (unknown, replaced
    or turned off): one query."""
    if not secret.startswith(CalendarFeed.PREFIX):
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=CalendarFeed.digest_of(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def calendar_feed_of(user: Any) -> CalendarFeed | None:
    """The viewer's own calendar feed, if they ever made one."""
    if user is None or not user.is_authenticated:
        return None
    return CalendarFeed.objects.filter(user=user).first()
