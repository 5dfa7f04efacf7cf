"""Shared platforms of an alliance (国科发政〔2008〕770号 第五条): technology platforms and major equipment a
member hosts and opens to the others, their bookings and the usage records that fees and statistics
come from.

A platform's status and a booking's status move through ``workflows`` (history rows, write-once and
sealed). A booking's rate, units and fee are frozen when it is confirmed. A usage record is a write-once
record (database triggers, sealed in the audit chain); a correction is a new record superseding it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.regions import Province
from itisa.core.workflows import StatusChange
from itisa.platforms.choices import BookingStatus, CapacityUnit, PlatformKind, PlatformStatus


class Platform(models.Model):
    """A technology platform or piece of major equipment of an alliance, numbered per alliance
    (``P0001``), hosted by one of its members, with its fee schedule per unit for members and for
    outside users (``outside_rate`` empty: not open to outside users)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="platforms"
    )
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=PlatformKind.choices)
    name_zh = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    host = models.ForeignKey(
        "registry.Organisation", verbose_name=_("host member"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    location = models.CharField(_("location"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("capacity unit"), max_length=10, choices=CapacityUnit.choices)
    open_to_members = models.BooleanField(_("open to members"), default=True)
    member_rate = models.DecimalField(_("member rate per unit (CNY)"), max_digits=12, decimal_places=2)
    outside_rate = models.DecimalField(
        _("outside rate per unit (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlatformStatus.choices, default=PlatformStatus.ACTIVE
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("registered at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("shared platform")
        verbose_name_plural = _("shared platforms")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="platforms_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(member_rate__gte=0), name="platforms_member_rate_not_negative"),
            models.CheckConstraint(condition=models.Q(outside_rate__isnull=True) | models.Q(outside_rate__gte=0),
                                   name="platforms_outside_rate_not_negative"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["alliance", "status", "kind"], name="platforms_filter_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class PlatformStatusChange(StatusChange):
    """One move of a platform's status (write-once: database triggers)."""

    subject_field = "platform"
    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("platform status change")
        verbose_name_plural = _("platform status changes")


class Booking(models.Model):
    """A member (``organisation``) or an outside party (``party_name``) books a platform for a window
    (aware datetimes; shown in Beijing time), numbered per platform. ``units`` are counted at request;
    ``rate`` and ``fee`` are frozen when the host confirms it. ``member`` says which rate applies."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.PROTECT, related_name="bookings"
    )
    seq = models.PositiveIntegerField(_("number"))
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    party_name = models.CharField(_("user"), max_length=200)
    member = models.BooleanField(_("member rate"), default=True)
    purpose = models.CharField(_("purpose"), max_length=500)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    samples = models.PositiveIntegerField(_("samples"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=2)
    units = models.DecimalField(_("units booked"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    rate = models.DecimalField(
        _("rate per unit (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee = models.DecimalField(_("fee (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("requested at"))

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["platform_id", "starts_at", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "seq"], name="platforms_booking_seq"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="platforms_booking_ends_after_start"),
            models.CheckConstraint(condition=models.Q(fee__isnull=True) | models.Q(fee__gte=0),
                                   name="platforms_booking_fee_not_negative"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["platform", "status", "starts_at"], name="platforms_booking_idx")]

    def __str__(self) -> str:
        return f"{self.platform_id}#{self.seq} {self.party_name}"


class BookingStatusChange(StatusChange):
    """One move of a booking's status (write-once: database triggers)."""

    subject_field = "booking"
    booking = models.ForeignKey(
        Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("booking status change")
        verbose_name_plural = _("booking status changes")


class UsageRecord(models.Model):
    """What a booking actually used, recorded by the host after it ended: the units, the samples, an
    outcome note and the fee due (the booking's frozen rate × the units used). Write-once; a correction
    is a new record that ``supersedes`` it (with the reason)."""

    booking = models.ForeignKey(
        Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="usage_records"
    )
    seq = models.PositiveIntegerField(_("number"))
    units_used = models.DecimalField(_("units used"), max_digits=10, decimal_places=2)
    samples = models.PositiveIntegerField(_("samples"), default=0)
    outcome = models.TextField(_("outcome"), blank=True)
    rate = models.DecimalField(_("rate per unit (CNY)"), max_digits=12, decimal_places=2)
    fee_due = models.DecimalField(_("fee due (CNY)"), max_digits=16, decimal_places=2)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("usage record")
        verbose_name_plural = _("usage records")
        ordering = ["booking_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "seq"], name="platforms_usage_seq"),
            models.CheckConstraint(condition=models.Q(units_used__gte=0), name="platforms_usage_units_not_negative"),
            models.CheckConstraint(condition=models.Q(fee_due__gte=0), name="platforms_usage_fee_not_negative"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.booking_id} usage #{self.seq}"
