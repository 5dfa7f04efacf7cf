"""Admission applications (Art. 8(6): an open mechanism that admits new members) and their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.membership.choices import ApplicationStatus, Rank

OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.REVIEWED,
    ApplicationStatus.VOTING,
    ApplicationStatus.APPROVED,
    ApplicationStatus.ACCESSION,
)


class Application(TimestampedModel):
    """An organisation's application to join an alliance, with the data it gave and where it stands."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # the applicant's username (kept when a dossier is imported without accounts)
    applicant_label = models.CharField(_("applicant (name)"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    # the organisation's data as given by the applicant (registered at first review if new)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    kind = models.CharField(_("kind"), max_length=30)
    ownership = models.CharField(_("ownership"), max_length=20, blank=True)
    province = models.CharField(_("province"), max_length=2)
    region_code = models.CharField(_("region code (GB/T 2260)"), max_length=6)
    industry = models.CharField(_("industry"), max_length=1)
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_rep_name = models.CharField(_("legal representative"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    intended_contribution = models.TextField(_("intended contribution"))
    rank = models.CharField(_("rank applied for"), max_length=20, choices=Rank.choices, default=Rank.ORDINARY)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    motion = models.ForeignKey(
        "governance.Motion",
        verbose_name=_("motion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accession = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("accession instrument"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        "membership.Membership",
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "uscc"],
                condition=models.Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="membership_one_open_application_per_org",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="membership_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} → {self.alliance_id} ({self.status})"


class ApplicationStatusChange(StatusChange):
    """One move of an application: never edited (the applicant's record of how it was handled)."""

    subject_field = "application"
    system_label = "system"

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="status_changes"
    )
    old_status = models.CharField(
        _("old status"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=ApplicationStatus.choices)

    class Meta:
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        ordering = ["at", "pk"]
