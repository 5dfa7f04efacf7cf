"""The in-app inbox: one row per notification per recipient."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message in one user's inbox (收件箱), also e-mailed when the user has an address.

    ``kind`` is a stable dotted code chosen by the sending app (``governance.meeting.notice``);
    ``subject`` and ``body`` arrive already rendered in the recipient's language and are stored as sent.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField(_("notification kind"), max_length=100)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.subject


class CalendarFeed(models.Model):
    """A user's private iCalendar feed of their dated duties, reached by a secret URL.

    Only the secret's SHA-256 digest is stored, as for API tokens: the URL is shown once when the
    feed is made or rotated; rotating replaces the secret (the old URL stops working at once) and
    revoking turns the feed off.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    PREFIX = "cal_"

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"

    @staticmethod
    def digest_of(secret: str) -> str:
        """What is stored of a secret: its SHA-256, hex."""
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()
