"""The expert pool kept by the national office, assignments of experts to applications, and reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.pilots.models.applications import Application


class Expert(TimestampedModel):
    """An expert in the office's pool: an account, a name, an organisation and fields of speciality."""

    # empty for an expert brought in by a dossier import: no account, so no reviewing until one is linked
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pilot_expert",
    )
    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pilot_experts",
    )
    specialities = models.CharField(_("fields of speciality"), max_length=300, blank=True)
    active = models.BooleanField(_("in the pool"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """An expert assigned to review an application (refused when the expert has a conflict of interest)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="assignments"
    )
    # empty for an assignment brought in by a dossier import
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["application_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"], name="pilots_one_assignment_per_expert"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert_id} → {self.application_id}"


class Review(models.Model):
    """An expert's scores (0–100 per rubric criterion) and comments: written once, never changed
    (database triggers refuse UPDATE and DELETE)."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="review"
    )
    # {criterion code: score 0..100}
    scores = models.JSONField(_("scores"))
    # {criterion code: comment}
    comments = models.JSONField(_("comments on each criterion"), default=dict)
    summary = models.TextField(_("overall opinion"))
    # sum of score × weight / 100 over the call's rubric, to two decimals
    total = models.DecimalField(_("weighted total"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        ordering = ["assignment_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gte=0) & models.Q(total__lte=100),
                name="pilots_review_total_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.total}"
