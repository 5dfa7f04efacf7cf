"""Writes of notifications: sending (inbox row + e-mail queued for a worker after commit) and marking as read.

``notify`` is called by other apps' services after they have checked their own permission; it
checks none itself. Reading is not a record: marking as read changes one column and is not audited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied, validation_error_fields
from itisa.core.tasks import enqueue_after_commit
from itisa.notifications import actions
from itisa.notifications.models import Notification
from itisa.notifications.permissions import can_read_notification
from itisa.notifications.tasks import send_emails
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User

# A stable code: lower-case words joined by dots, e.g. "governance.ballot.opened".
KIND_PATTERN = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_-]+)*")


def _validate(*, kind: str, subject: str, body: str, url: str) -> None:
    fields: dict[str, list[str]] = {}
    if not KIND_PATTERN.fullmatch(kind):
        fields["kind"] = [_("Use a dotted lower-case code such as governance.meeting.notice.")]
    if "\n" in subject or "\r" in subject:
        fields["subject"] = [_("The subject must be a single line.")]
    if url and (
        not url.startswith("/") or url.startswith("//") or any(c.isspace() or c == "\\" for c in url)
    ):
        fields["url"] = [_("Use a path on this site, starting with a single /.")]
    # the same values go to every recipient, so one prototype is validated (no per-row queries)
    try:
        Notification(kind=kind, subject=subject, body=body, url=url).full_clean(
            exclude=["recipient", "alliance"]
        )
    except ValidationError as exc:
        for field, messages in validation_error_fields(exc).items():
            fields.setdefault(field, []).extend(messages)
    if fields:
        raise DomainError(_("The notification is not valid."), fields=fields)


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    alliance: Alliance | None = None,
    by: User | None = None,
) -> list[Notification]:
    """Put one notification in each recipient's inbox and queue its e-mail for after commit.

    ``subject`` and ``body`` are already rendered (in Chinese for the platform's users) and are not
    translated here; ``url`` is a path on this site. Recipients are de-duplicated; None and inactive
    users are skipped. One audit entry lists who was notified (attached to ``alliance`` when given).
    ``by`` is the acting user, or None for the system.
    """
    _validate(kind=kind, subject=subject, body=body, url=url)
    users: dict[int, Any] = {}
    for user in recipients:
        if user is None or user.pk is None or not user.is_active:
            continue
        users.setdefault(user.pk, user)
    if not users:
        return []
    rows = [
        Notification(recipient=user, kind=kind, subject=subject, body=body, url=url, alliance=alliance)
        for user in users.values()
    ]
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        log_action(
            alliance,
            actions.SENT,
            by=by,
            data={
                "kind": kind,
                "subject": subject,
                "recipients": sorted(user.get_username() for user in users.values()),
            },
            object_type="" if alliance is not None else Notification._meta.label_lower,
            object_repr="" if alliance is not None else subject,
        )
        mailed = [n.pk for n, user in zip(created, users.values(), strict=True) if user.email]
        if mailed:
            # a worker sends them once this transaction commits (never if it rolls back)
            enqueue_after_commit(send_emails, mailed)
    return created


def notification_mark_read(*, by: User, notification: Notification) -> Notification:
    """Mark one of the acting user's notifications as read; marking it again changes nothing."""
    decision = can_read_notification(by, notification)
    if not decision:
        raise PermissionDenied(decision.reason)
    if notification.read_at is None:
        now = timezone.now()
        # conditional UPDATE: a concurrent "mark all read" keeps its earlier time
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
            notification.read_at = now
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, by: User) -> int:
    """Mark every unread notification of the acting user as read; returns how many changed."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())
