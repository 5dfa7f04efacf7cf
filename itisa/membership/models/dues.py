"""Membership dues: a fee schedule per rank and year, and an invoice per member and year."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.membership.choices import InvoiceStatus, Rank
from itisa.membership.models.memberships import Membership


class FeeSchedule(TimestampedModel):
    """The annual dues of one rank in one year (Decimal CNY, to the fen)."""

    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="fee_schedules",
    )
    year = models.PositiveIntegerField(_("year"))
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    amount = models.DecimalField(_("annual dues (CNY)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["alliance_id", "-year", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "year", "rank"], name="membership_fee_per_rank_year"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=Decimal("0")), name="membership_fee_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.year} {self.rank}: {self.amount}"


class Invoice(TimestampedModel):
    """A member's dues invoice for a year; paid or unpaid (cancelled invoices stay as history)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="invoices"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("invoice number"), max_length=40, unique=True)
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=InvoiceStatus.choices, default=InvoiceStatus.UNPAID
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("dues invoice")
        verbose_name_plural = _("dues invoices")
        ordering = ["alliance_id", "-year", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "year", "seq"], name="membership_invoice_seq"),
            models.UniqueConstraint(
                fields=["membership", "year"],
                condition=~models.Q(status="cancelled"),
                name="membership_one_invoice_per_member_year",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=Decimal("0")), name="membership_invoice_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False),
                name="membership_paid_invoice_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number
