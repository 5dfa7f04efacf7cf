"""The e-mail of notifications, sent by a worker (``itisa worker``) rather than inside a request."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from itisa.notifications.models import Notification

logger = logging.getLogger(__name__)


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url


def mail_text(notification: Notification) -> str:
    """The e-mail's text: the notification's body as stored (in its recipient's language) and its link."""
    return f"{notification.body}\n\n{_absolute(notification.url)}" if notification.url else notification.body


@task()
def send_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications to their recipients; stamp those that went out; return how many.

    A notification already stamped is not sent again (a task retried after a crash), nor is one whose
    recipient has no address. A mail server that refuses one message does not stop the others; their
    inbox rows stay and ``emailed_at`` stays empty.
    """
    pending = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("pk")
    )
    sent: list[int] = []
    for notification in pending:
        to = notification.recipient.email
        try:
            send_mail(notification.subject, mail_text(notification), settings.DEFAULT_FROM_EMAIL, [to])
        except (smtplib.SMTPException, OSError):
            logger.exception("notification %s: e-mail to %s failed", notification.pk, to)
            continue
        sent.append(notification.pk)
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(sent)
