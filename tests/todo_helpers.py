"""Helpers shared by the to-do tests of every app: an item as the exact tuple a test compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itisa.notifications.todo import todos_for


def items(user: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
    """The user's to-do list as (kind, title subject, detail, url, alliance, due, overdue) tuples."""
    return [
        (t.kind.code, f"{t.title} {t.subject}", t.detail, t.url, t.alliance, t.due, t.overdue)
        for t in todos_for(user, **kwargs)
    ]


def local(*args: int) -> dt.datetime:
    """An aware datetime in the site's time zone (Asia/Shanghai)."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(*args))  # noqa: DTZ001
