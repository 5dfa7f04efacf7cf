"""Writes of notifications: sending (inbox row + e-mail queued for a worker after commit) and marking as read.

``notify`` is called by other apps' services after they have checked their own permission; it
checks none itself. Reading is not a record: marking as read changes one column and is not audited.
Each recipient reads a notification in their own language (``User.preferred_language``): senders
pass the subject, body and link as callables (``lambda: _("…") % {...}``, ``link("app:view", pk)``)
that ``notify`` calls once per language, inside ``translation.override``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied, validation_error_fields
from itisa.core.tasks import enqueue_after_commit
from itisa.notifications import actions
from itisa.notifications.models import CalendarFeed, Notification
from itisa.notifications.permissions import can_read_notification
from itisa.notifications.tasks import send_emails
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User

# A stable code: lower-case words joined by dots, e.g. "governance.ballot.opened".
KIND_PATTERN = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_-]+)*")


# A text to send: already rendered, or a callable rendering it in the active language.
Text = str | Callable[[], Any]


def link(viewname: str, *args: Any) -> Callable[[], str]:
    """A link to a page of this site, rendered in each recipient's language (``/en/…`` for English,
    no prefix for Chinese, the default): ``reverse`` called inside the recipient's language."""
    return lambda: reverse(viewname, args=args)


def language_of(user: Any) -> str:
    """The language a user reads notifications in: their preferred language, else the site's."""
    code = getattr(user, "preferred_language", "") or ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class _Texts(NamedTuple):
    subject: str
    body: str
    url: str


def _render(language: str, subject: Text, body: Text, url: Text) -> _Texts:
    with translation.override(language):
        return _Texts(*(str(v()) if callable(v) else v for v in (subject, body, url)))


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
    subject: Text,
    body: Text,
    url: Text = "",
    alliance: Alliance | None = None,
    by: User | None = None,
) -> list[Notification]:
    """Put one notification in each recipient's inbox and queue its e-mail for after commit.

    ``subject``, ``body`` and ``url`` (a path on this site) are either already rendered strings, sent
    as they are, or callables that ``notify`` calls once per recipient language inside
    ``translation.override`` (``link`` builds such a url), so that each recipient reads the text and
    follows the link in their own language. Recipients are de-duplicated; None and inactive users are
    skipped. One audit entry lists who was notified, with the subject in the site's language (attached
    to ``alliance`` when given). ``by`` is the acting user, or None for the system.
    """
    users: dict[int, Any] = {}
    for user in recipients:
        if user is None or user.pk is None or not user.is_active:
            continue
        users.setdefault(user.pk, user)
    languages = {language_of(user) for user in users.values()} | {settings.LANGUAGE_CODE}
    texts = {language: _render(language, subject, body, url) for language in sorted(languages)}
    for rendered in texts.values():
        _validate(kind=kind, subject=rendered.subject, body=rendered.body, url=rendered.url)
    if not users:
        return []
    audited = texts[settings.LANGUAGE_CODE]
    rows = []
    for user in users.values():
        text = texts[language_of(user)]
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                subject=text.subject,
                body=text.body,
                url=text.url,
                alliance=alliance,
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
        log_action(
            alliance,
            actions.SENT,
            by=by,
            data={
                "kind": kind,
                "subject": audited.subject,
                "recipients": sorted(user.get_username() for user in users.values()),
            },
            object_type="" if alliance is not None else Notification._meta.label_lower,
            object_repr="" if alliance is not None else audited.subject,
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


def calendar_feed_rotate(*, by: User) -> tuple[CalendarFeed, str]:
    """Make the user's private calendar address, or replace it: the old address stops working at once.

    Returns the feed and the secret, which is shown once and never stored (only its SHA-256 digest
    is); the audit entry records that the address changed, never the secret.
    """
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    secret = CalendarFeed.PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().update_or_create(
            user=by,
            defaults={"digest": CalendarFeed.digest_of(secret), "created_at": now, "revoked_at": None},
        )
        log_action(feed, actions.CALENDAR_ROTATED, by=by, data={})
    return feed, secret


def calendar_feed_revoke(*, by: User) -> CalendarFeed | None:
    """Turn the user's private calendar address off (None if they never made one)."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied(_("You must log in first."))
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=by).first()
        if feed is not None and feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            log_action(feed, actions.CALENDAR_REVOKED, by=by, data={})
    return feed
