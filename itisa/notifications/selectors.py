"""Reads of the inbox, scoped to the viewer: a user sees only their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from itisa.notifications.models import Notification


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
