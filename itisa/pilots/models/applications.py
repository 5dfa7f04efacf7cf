"""An alliance's application to a call, its materials, its history and the recommendations it received."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.pilots.choices import ApplicationStatus, MaterialKind, Outcome, RecommenderCapacity
from itisa.pilots.models.calls import Call


class Application(TimestampedModel):
    """One alliance's application to one call, with the eligibility report frozen at submission."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="pilot_applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # empty for an application brought in by a dossier import (accounts do not travel)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # itisa.pilots.eligibility.Report.as_json() at the last submission; never recomputed
    eligibility = models.JSONField(_("eligibility report at submission"), null=True, blank=True)
    eligible = models.BooleanField(_("eligible at submission"), null=True, blank=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pilot_from = models.DateField(_("pilot period from"), null=True, blank=True)
    pilot_until = models.DateField(_("pilot period until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("pilot application")
        verbose_name_plural = _("pilot applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "alliance"], name="pilots_one_application_per_alliance_and_call"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | ~models.Q(decision_reasons=""),
                name="pilots_decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=models.Q(pilot_from__isnull=True)
                | models.Q(pilot_until__gt=models.F("pilot_from"), outcome="pilot"),
                name="pilots_pilot_period_only_for_pilots",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alliance_id} → {self.call_id} ({self.status})"


class ApplicationStatusChange(StatusChange):
    """One move of a pilot application: never edited (database triggers refuse UPDATE and DELETE)."""

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
        verbose_name = _("pilot application status change")
        verbose_name_plural = _("pilot application status changes")
        ordering = ["at", "pk"]


def _material_path(instance: Material, filename: str) -> str:
    # never the uploaded name: the content's SHA-256 under the application
    return f"pilots/{instance.application_id}/{instance.sha256}.pdf"


class Material(models.Model):
    """One item of the call's checklist: an uploaded PDF, or a reference to what the platform holds."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="materials"
    )
    code = models.CharField(_("material"), max_length=40)
    kind = models.CharField(_("supplied as"), max_length=20, choices=MaterialKind.choices)
    file = models.FileField(_("file"), upload_to=_material_path, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    reference = models.CharField(_("reference on the platform"), max_length=300, blank=True)
    # empty for a material brought in by a dossier import
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("application material")
        verbose_name_plural = _("application materials")
        ordering = ["application_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["application", "code"], name="pilots_one_material_per_code"),
            models.CheckConstraint(
                condition=(models.Q(kind="upload") & ~models.Q(sha256=""))
                | (models.Q(kind="generated") & ~models.Q(reference="")),
                name="pilots_material_has_file_or_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.code}"


def _letter_path(instance: Recommendation, filename: str) -> str:
    return f"pilots/{instance.application_id}/recommendations/{instance.letter_sha256}.pdf"


class Recommendation(models.Model):
    """A recommendation letter for an application, by a provincial or industry officer or the office."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="recommendations"
    )
    # empty when imported from a dossier and no account here has the recommender's username
    recommender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recommended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recommender_label = models.CharField(_("recommended by (name)"), max_length=150)
    capacity = models.CharField(_("capacity"), max_length=20, choices=RecommenderCapacity.choices)
    letter = models.TextField(_("recommendation letter"))
    letter_file = models.FileField(
        _("signed letter (PDF)"), upload_to=_letter_path, max_length=300, blank=True
    )
    letter_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["application_id", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "recommender"], name="pilots_one_recommendation_per_recommender"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ← {self.recommender_label}"
