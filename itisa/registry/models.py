"""Organisations (member units), their legal representatives, and alliances."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.models import TimestampedModel
from itisa.core.regions import Province
from itisa.core.workflows import StatusChange
from itisa.registry.choices import (
    AllianceScope,
    AllianceStatus,
    EmergingIndustry,
    KeyArea,
    OrganisationKind,
    Ownership,
)


class Person(TimestampedModel):
    """A natural person: here, an organisation's legal representative (法定代表人)."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name_zh


class Organisation(TimestampedModel):
    """A member unit: an enterprise, university, research institute or other organisation (Art. 2)."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    uscc_confirmed_reason = models.TextField(
        _("reason for accepting the credit code manually"),
        blank=True,
        help_text=_("Filled only when an officer accepted a code that fails the 18th check character."),
    )
    uscc_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("credit code confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    region_code = models.CharField(_("region code (GB/T 2260)"), max_length=6)
    address = models.CharField(_("address"), max_length=300, blank=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    legal_representative = models.ForeignKey(
        Person,
        verbose_name=_("legal representative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_organisations",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_zh"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="enterprise") | models.Q(ownership=""),
                name="registry_org_ownership_only_for_enterprises",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="enterprise", ownership=""),
                name="registry_org_enterprise_has_ownership",
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh


class Alliance(TimestampedModel):
    """An industrial technology innovation strategic alliance (产业技术创新战略联盟, Art. 2)."""

    code = models.CharField(
        _("short code"),
        max_length=20,
        unique=True,
        help_text=_("Upper-case letters, digits and hyphens, e.g. CSA."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=50, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=80, blank=True)
    key_area = models.CharField(
        _("key area of the national plan"), max_length=30, choices=KeyArea.choices, blank=True
    )
    emerging_industry = models.CharField(
        _("strategic emerging industry"), max_length=30, choices=EmergingIndustry.choices, blank=True
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=AllianceScope.choices)
    province = models.CharField(
        _("province"),
        max_length=2,
        choices=Province.choices,
        blank=True,
        help_text=_("For a regional alliance, the province whose pillar industry it serves (Art. 12)."),
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    host_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("host unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_alliances",
    )
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AllianceStatus.choices, default=AllianceStatus.FORMING
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(scope="national") & models.Q(province=""))
                | (models.Q(scope="regional") & ~models.Q(province="")),
                name="registry_alliance_province_iff_regional",
            ),
            models.CheckConstraint(
                condition=~models.Q(key_area="", emerging_industry=""),
                name="registry_alliance_has_field",
            ),
        ]
        indexes = [models.Index(fields=["status", "scope", "province"], name="registry_alliance_filter_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class AllianceStatusChange(StatusChange):
    """History of an alliance's status: one row per move, never edited."""

    subject_field = "alliance"

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="status_changes"
    )
    old_status = models.CharField(_("old status"), max_length=20, choices=AllianceStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=AllianceStatus.choices)

    class Meta:
        verbose_name = _("alliance status change")
        verbose_name_plural = _("alliance status changes")
        ordering = ["at", "pk"]
