"""Helpers shared by the ``keys`` and ``agreement`` commands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from itisa.core.errors import DomainError


def acting_user(username: str) -> Any:
    """The active user named by ``--as``: commands act as a person, so audit entries name them."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(username)s.") % {"username": username})
    return user


def error_text(exc: DomainError) -> str:
    details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.fields.items())
    return f"{exc.message} {details}".strip()
