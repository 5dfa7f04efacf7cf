"""Financing needs of an alliance's projects and members, the alliance's recommendation and the
institutions' responses; credit lines, drawdowns and repayments (国科发政〔2008〕770号 Art. 10).

A need (``F0001``) is for a project of the alliance or for a member; its status moves through
``workflows.NEED_TRANSITIONS`` with a write-once history. An institution's response, a credit line
(``C0001``), a drawdown and a repayment are financial records: written once (database triggers), sealed
in the audit chain, corrected by a new record. What is outstanding is derived (``rules.outstanding``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.workflows import StatusChange
from itisa.financing.choices import Channel, Decision, InstitutionKind, NeedStatus

MONEY = {"max_digits": 16, "decimal_places": 2}


class FinancingNeed(models.Model):
    """Money a project of the alliance (``project``) or a member (``organisation``) seeks, through a channel."""

    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="financing_needs",
    )
    code = models.CharField(_("code"), max_length=20)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="financing_needs",
    )  # fmt: skip
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    amount = models.DecimalField(_("amount sought (CNY)"), **MONEY)  # type: ignore[arg-type]
    purpose_zh = models.TextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    letter_ref = models.CharField(_("recommendation letter"), max_length=200, blank=True)
    reason_zh = models.TextField(_("reason of the recommendation"), blank=True)
    # None: imported from a dossier (accounts do not travel)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("financing need")
        verbose_name_plural = _("financing needs")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="financing_need_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="financing_need_amount_above_zero"),
            models.CheckConstraint(
                condition=models.Q(project__isnull=True, organisation__isnull=False)
                | models.Q(project__isnull=False, organisation__isnull=True),
                name="financing_need_for_a_project_or_a_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"


class NeedStatusChange(StatusChange):
    """One move of a need's status (write-once: database triggers; sealed)."""

    subject_field = "need"
    need = models.ForeignKey(
        FinancingNeed,
        verbose_name=_("financing need"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("financing need status change")
        verbose_name_plural = _("financing need status changes")


class InstitutionResponse(models.Model):
    """What a bank, guarantor or investor answered to a recommended need (write-once; a later answer is a
    new record)."""

    need = models.ForeignKey(
        FinancingNeed, verbose_name=_("financing need"), on_delete=models.PROTECT, related_name="responses"
    )
    institution = models.CharField(_("institution"), max_length=200)
    institution_kind = models.CharField(
        _("kind of institution"), max_length=20, choices=InstitutionKind.choices
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    amount_offered = models.DecimalField(_("amount offered (CNY)"), null=True, blank=True, **MONEY)  # type: ignore[arg-type]
    rate_percent = models.DecimalField(
        _("rate (% a year)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    terms_zh = models.TextField(_("terms"), blank=True)
    responded_on = models.DateField(_("responded on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("institution's response")
        verbose_name_plural = _("institutions' responses")
        ordering = ["need_id", "responded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="declined", amount_offered__isnull=True)
                | models.Q(decision="offered", amount_offered__gt=0),
                name="financing_response_offer_has_an_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.institution} {self.decision}"


class CreditLine(models.Model):
    """A credit line an institution grants a member or the alliance itself (``borrower`` empty), with its
    limit and term, linked to a loan fund of the alliance's ledger and to a project where it serves one."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="credit_lines"
    )
    code = models.CharField(_("code"), max_length=20)
    institution = models.CharField(_("institution"), max_length=200)
    institution_kind = models.CharField(
        _("kind of institution"), max_length=20, choices=InstitutionKind.choices
    )
    borrower = models.ForeignKey(
        "registry.Organisation", verbose_name=_("borrower"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Empty: the alliance itself borrows."),
    )  # fmt: skip
    limit = models.DecimalField(_("limit (CNY)"), **MONEY)  # type: ignore[arg-type]
    starts_on = models.DateField(_("term from"))
    ends_on = models.DateField(_("term until"))
    fund = models.ForeignKey(
        "ledger.Fund", verbose_name=_("ledger fund"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    need = models.ForeignKey(
        FinancingNeed, verbose_name=_("financing need"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="credit_lines",
    )  # fmt: skip
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("credit line")
        verbose_name_plural = _("credit lines")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="financing_line_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(limit__gt=0), name="financing_line_limit_above_zero"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="financing_line_ends_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.institution}"


class Drawdown(models.Model):
    """Money drawn on a credit line, numbered per line, with the day it falls due (write-once, sealed)."""

    line = models.ForeignKey(
        CreditLine, verbose_name=_("credit line"), on_delete=models.PROTECT, related_name="drawdowns"
    )
    seq = models.PositiveIntegerField(_("number"))
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)  # type: ignore[arg-type]
    drawn_on = models.DateField(_("drawn on"))
    due_on = models.DateField(_("due on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("drawdown")
        verbose_name_plural = _("drawdowns")
        ordering = ["line_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["line", "seq"], name="financing_drawdown_seq"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="financing_drawdown_above_zero"),
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("drawn_on")),
                                   name="financing_drawdown_due_after_drawn"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.line_id} #{self.seq} {self.amount}"


class Repayment(models.Model):
    """Money repaid on a drawdown (write-once, sealed)."""

    drawdown = models.ForeignKey(
        Drawdown, verbose_name=_("drawdown"), on_delete=models.PROTECT, related_name="repayments"
    )
    amount = models.DecimalField(_("amount (CNY)"), **MONEY)  # type: ignore[arg-type]
    repaid_on = models.DateField(_("repaid on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["drawdown_id", "repaid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="financing_repayment_above_zero")
        ]

    def __str__(self) -> str:
        return f"{self.drawdown_id}: {self.amount}"
