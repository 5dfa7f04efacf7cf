"""Invitation duties in the to-do list (待办): an invitation that expired unanswered is on its inviter's list
(resend it with a new link, or revoke it) for ``FOLLOW_UP_DAYS`` after it expired; then it drops off (it
stays in the invitation list as expired). One query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.invitations.choices import InvitationStatus
from itisa.invitations.models import Invitation
from itisa.notifications.todo import Todo, todo_kind

FOLLOW_UP_DAYS = 30

FOLLOW_UP = todo_kind(
    "invitations.invitation.expired",
    _("Resend or revoke the expired invitation"),
    _("Expired invitations to resend or revoke"),
)


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    expired = Invitation.objects.filter(
        invited_by_id=user.pk,
        status=InvitationStatus.PENDING,
        expires_at__lte=now,
        expires_at__gt=now - dt.timedelta(days=FOLLOW_UP_DAYS),
    ).select_related("alliance")
    return [
        Todo(
            kind=FOLLOW_UP,
            ref=f"invitation:{inv.pk}:expired",
            subject=inv.email,
            detail=f"{inv.get_role_display()} · {inv.scope_label()}",
            url=reverse("invitations:resend", args=[inv.pk]),
            alliance=inv.alliance.code if inv.alliance else None,
        )
        for inv in expired.order_by("expires_at", "pk")
    ]
