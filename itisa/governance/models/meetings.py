"""Meetings of a body: notice, agenda (the motions put to it), attendance and minutes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.governance.choices import ConvenedBy, MeetingKind, MeetingStatus, MinutesStatus
from itisa.governance.models.bodies import Body, Seat


class Meeting(TimestampedModel):
    """A regular or extraordinary meeting, convened by the chair or requested by a share of the seats."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("meeting kind"), max_length=20, choices=MeetingKind.choices)
    title_zh = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    convened_by = models.CharField(_("convened by"), max_length=20, choices=ConvenedBy.choices)
    requested_by = models.ManyToManyField(
        Seat, verbose_name=_("requested by seats"), blank=True, related_name="meeting_requests"
    )
    notice_given_at = models.DateTimeField(_("notice given at"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes_zh = models.TextField(_("minutes"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("minutes recorded at"), null=True, blank=True)
    # the draft is circulated to the seats; accepted unless a seat objects by ``minutes_objection_until``
    minutes_status = models.CharField(
        _("minutes status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes_version = models.PositiveIntegerField(_("minutes version"), default=0)
    minutes_objection_until = models.DateTimeField(
        _("objections to the minutes until"), null=True, blank=True
    )
    minutes_accepted_at = models.DateTimeField(_("minutes accepted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("convened by (account)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="governance_meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_zh} ({self.starts_at:%Y-%m-%d})"


class Proxy(models.Model):
    """A seat's proxy for one meeting: the account that attends and votes for the seat there.

    Given by the seat's representative, or recorded by the secretariat on the representative's written
    proxy (``document`` names it). Write-once (database triggers), one per seat and meeting; a proxy is
    not revoked: the representative who attends votes in person first, and a seat votes once.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="proxies"
    )
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="proxies")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proxy holder"),
        on_delete=models.PROTECT,
        related_name="proxies_held",
    )
    document = models.CharField(_("written proxy"), max_length=200, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"))

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["meeting_id", "seat_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="governance_proxy_once_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.seat_id} → {self.holder_id}"


class Attendance(models.Model):
    """A seat present at a meeting: in person, or by proxy (a recorded ``proxy``, or a named one)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="attendance"
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="attendance"
    )
    proxy_name = models.CharField(_("attended by proxy"), max_length=100, blank=True)
    proxy = models.ForeignKey(
        Proxy,
        verbose_name=_("recorded proxy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="governance_attendance_once_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.seat_id}"


class MinuteObjection(models.Model):
    """A seat's objection to one version of a meeting's draft minutes, within the objection window.

    DESCA model consortium agreement 6.2.5: the minutes are accepted unless a member objects within
    the window; the secretariat then records revised minutes, which open a new window. Given by the
    seat's representative, or recorded by the secretariat on its behalf. Write-once (database
    triggers, sealed by the audit entry); one per seat and version.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minute_objections"
    )
    version = models.PositiveIntegerField(_("minutes version"))
    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cast_by_label = models.CharField(_("recorded by (name)"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("objection to the minutes")
        verbose_name_plural = _("objections to the minutes")
        ordering = ["meeting_id", "version", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version", "seat"], name="governance_minute_objection_once_per_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/v{self.version}/{self.seat_id}"
