"""Template context for every page: the unread count of the inbox badge in the header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from itisa.notifications.selectors import unread_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``inbox_unread``: counted once (one COUNT query), and only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread": 0}
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user))}
