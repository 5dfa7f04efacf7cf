"""A proposal to form an alliance (组建联盟), from any account holder to the competent officer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.founding.choices import ProposalStatus
from itisa.registry.choices import AllianceScope, EmergingIndustry, KeyArea, OrganisationKind, Ownership


class AllianceProposal(models.Model):
    """What a would-be alliance proposes: its record as the registry will hold it, its founding
    organisations (by credit code, already in the registry), the host unit among them, a contact and a
    statement of purpose (Art. 6 of 国科发政〔2008〕770号 encourages enterprises, universities and institutes to
    form alliances). Seen only by the proposer and, once submitted, the competent officers; accepted, it
    becomes a forming alliance (``alliance``) through the registry's own services.
    """

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposer"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(
        _("short code"), max_length=20, help_text=_("Upper-case letters, digits and hyphens, e.g. CSA.")
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=AllianceScope.choices)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    key_area = models.CharField(
        _("key area of the national plan"), max_length=30, choices=KeyArea.choices, blank=True
    )
    emerging_industry = models.CharField(
        _("strategic emerging industry"), max_length=30, choices=EmergingIndustry.choices, blank=True
    )
    founders = models.ManyToManyField(
        "registry.Organisation", verbose_name=_("founding organisations"), related_name="+"
    )
    host_unit = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_(
            "Empty while the host unit is one of the new founding organisations (``NewFounder.is_host``)."
        ),
    )
    contact_name = models.CharField(_("contact name"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254)
    purpose = models.TextField(_("statement of purpose"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    alliance = models.OneToOneField(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal to form an alliance")
        verbose_name_plural = _("proposals to form an alliance")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(scope="national") & models.Q(province=""))
                | (models.Q(scope="regional") & ~models.Q(province="")),
                name="founding_proposal_province_iff_regional",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values), name="founding_proposal_status"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(alliance__isnull=False),
                name="founding_proposal_accepted_has_alliance",
            ),
        ]
        indexes = [models.Index(fields=["status", "scope", "province"], name="founding_proposal_queue_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"

    def founder_count(self) -> int:
        """Founders in the registry and new ones (prefetch both)."""
        return len(self.founders.all()) + len(self.new_founders.all())

    def host_name(self) -> str:
        """The host unit's Chinese name, in the registry or among the new founders (prefetch them)."""
        if self.host_unit is not None:
            return self.host_unit.name_zh
        return next((row.name_zh for row in self.new_founders.all() if row.is_host), "")

    def host_code(self) -> str:
        """The host unit's credit code, in the registry or among the new founders (prefetch them)."""
        if self.host_unit is not None:
            return self.host_unit.uscc
        return next((row.uscc for row in self.new_founders.all() if row.is_host), "")


class NewFounder(models.Model):
    """A founding organisation not yet in the registry, as the proposer describes it: registered through
    ``registry.services.organisation_create`` by the officer who accepts the proposal, not before (nothing is
    public before acceptance). Its region code is the credit code's characters 3–8 (GB 32100). Replaced
    wholesale when a draft changes; the proposal's audit entries keep every version."""

    proposal = models.ForeignKey(
        AllianceProposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="new_founders"
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    is_host = models.BooleanField(_("host unit"), default=False)

    class Meta:
        verbose_name = _("new founding organisation")
        verbose_name_plural = _("new founding organisations")
        ordering = ["uscc"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "uscc"], name="founding_newfounder_unique_code"),
            models.UniqueConstraint(
                fields=["proposal"], condition=models.Q(is_host=True), name="founding_newfounder_one_host"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.uscc} {self.name_zh}"
