"""Licences, receipts and their split, transfers and technology contracts (Art. 5: IP sharing and
transfer; Art. 8(5): licensing and the sharing of proceeds agreed in advance).

Every row here is a legal or financial record: written once (database triggers), sealed in the audit
chain, corrected by a new record. A receipt's split lines are computed at recording from the effective
agreement's ``ip.revenue_split`` (``rules.revenue_split``) and posted to the ledger through its services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.licensing.choices import ContractKind, LineKind


class Licence(models.Model):
    """A licence of a result to a member (``licensee``) or to an outside party (name and credit code),
    numbered per alliance (``L0001``), with its scope, term, fees and royalty reporting calendar."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="licences"
    )
    code = models.CharField(_("code"), max_length=20)
    result = models.ForeignKey(
        "results.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="licences"
    )
    licensee = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("licensee (member)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    licensee_name = models.CharField(_("licensee"), max_length=200)
    licensee_uscc = models.CharField(_("licensee's credit code"), max_length=18)
    exclusive = models.BooleanField(_("exclusive"), default=False)
    field_zh = models.CharField(_("field of use"), max_length=300)
    territory_zh = models.CharField(_("territory"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    upfront_fee = models.DecimalField(_("upfront fee (CNY)"), max_digits=16, decimal_places=2)
    royalty_terms_zh = models.TextField(_("royalty terms"), blank=True)
    royalty_percent = models.DecimalField(
        _("royalty (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # the months (1–12) in which the licensee reports its royalties
    report_months = models.JSONField(_("royalty report months"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="licensing_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="licensing_licence_ends_after_start"),
            models.CheckConstraint(condition=models.Q(upfront_fee__gte=0), name="licensing_fee_not_negative"),
            models.CheckConstraint(condition=models.Q(royalty_percent__isnull=True)
                                   | models.Q(royalty_percent__gte=0, royalty_percent__lte=100),
                                   name="licensing_royalty_0_100"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.licensee_name}"


class LicenceConsent(models.Model):
    """A joint owner's written consent to an exclusive licence (every owner consents)."""

    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="consents"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    document_ref = models.CharField(_("document"), max_length=200)
    given_on = models.DateField(_("given on"))

    class Meta:
        verbose_name = _("owner's consent")
        verbose_name_plural = _("owners' consents")
        ordering = ["licence_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "organisation"], name="licensing_consent_once")
        ]

    def __str__(self) -> str:
        return f"{self.licence_id}: {self.organisation_id}"


class Receipt(models.Model):
    """Money received under a licence (an upfront fee or royalties), numbered per licence."""

    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="receipts"
    )
    seq = models.PositiveIntegerField(_("number"))
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    # the agreement version whose revenue split applied
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["licence_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "seq"], name="licensing_receipt_seq"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="licensing_receipt_above_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_id} #{self.seq} {self.amount}"


class SplitLine(models.Model):
    """One line of a receipt's split: a member (owner, contributor, costs recovered), a person
    (inventor) or the alliance fund, and its amount. The lines of a receipt add up to it exactly."""

    receipt = models.ForeignKey(
        Receipt, verbose_name=_("receipt"), on_delete=models.PROTECT, related_name="lines"
    )
    kind = models.CharField(_("beneficiary"), max_length=20, choices=LineKind.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("split line")
        verbose_name_plural = _("split lines")
        ordering = ["receipt_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="licensing_line_above_zero")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.name} {self.amount}"


class SplitPosting(models.Model):
    """The approval of a receipt's split: the journal entry drafted and submitted for it (the ledger's
    own approval workflow approves and posts it)."""

    receipt = models.OneToOneField(
        Receipt, verbose_name=_("receipt"), on_delete=models.PROTECT, related_name="posting"
    )
    entry = models.OneToOneField(
        "ledger.JournalEntry", verbose_name=_("journal entry"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("approved split")
        verbose_name_plural = _("approved splits")
        ordering = ["receipt_id"]

    def __str__(self) -> str:
        return f"{self.receipt_id} → {self.entry_id}"


class Transfer(models.Model):
    """A transfer of an owner's share of a result to a third party, notified to the other joint owners,
    who may object within the agreement's ``ip.transfer_objection_days`` (copied here at notice)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="transfers"
    )
    code = models.CharField(_("code"), max_length=20)
    result = models.ForeignKey(
        "results.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="transfers"
    )
    transferor = models.ForeignKey(
        "registry.Organisation", verbose_name=_("transferor"), on_delete=models.PROTECT, related_name="+"
    )
    transferee = models.ForeignKey(
        "registry.Organisation", verbose_name=_("transferee"), on_delete=models.PROTECT, related_name="+"
    )
    price = models.DecimalField(_("price (CNY)"), max_digits=16, decimal_places=2)
    contract_ref = models.CharField(_("contract"), max_length=200)
    notice_on = models.DateField(_("notice given on"))
    objection_days = models.PositiveSmallIntegerField(_("objection window (days)"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="licensing_transfer_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="licensing_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.result_id}"


class TransferObjection(models.Model):
    """A joint owner's objection to a transfer, within the window: the transfer does not complete."""

    transfer = models.ForeignKey(
        Transfer, verbose_name=_("transfer"), on_delete=models.PROTECT, related_name="objections"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("joint owner"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    objected_on = models.DateField(_("objected on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("objection to a transfer")
        verbose_name_plural = _("objections to transfers")
        ordering = ["transfer_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "organisation"], name="licensing_objection_once")
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.organisation_id}"


class TransferCompletion(models.Model):
    """A transfer completed after the window without objection: the new ownership record of the result."""

    transfer = models.OneToOneField(
        Transfer, verbose_name=_("transfer"), on_delete=models.PROTECT, related_name="completion"
    )
    ownership = models.OneToOneField(
        "results.OwnershipRecord",
        verbose_name=_("ownership record"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_on = models.DateField(_("completed on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("completed transfer")
        verbose_name_plural = _("completed transfers")
        ordering = ["transfer_id"]

    def __str__(self) -> str:
        return f"{self.transfer_id} ✓"


class TechContract(models.Model):
    """A technology contract registered at a technology-contract registration office
    (《技术合同认定登记管理办法》): its national registration number and the verified amount."""

    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="tech_contracts",
    )
    number = models.CharField(_("registration number"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    licence = models.ForeignKey(
        Licence,
        verbose_name=_("licence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    transfer = models.ForeignKey(
        Transfer, verbose_name=_("transfer"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="contracts",
    )  # fmt: skip
    verified_amount = models.DecimalField(_("verified amount (CNY)"), max_digits=16, decimal_places=2)
    registered_on = models.DateField(_("registered on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("technology contract")
        verbose_name_plural = _("technology contracts")
        ordering = ["alliance_id", "registered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verified_amount__gte=0), name="licensing_contract_amount"
            ),
        ]

    def __str__(self) -> str:
        return self.number
