"""The formal evaluation of pilot alliances (国科办政〔2012〕47号): campaigns, one evaluation per pilot
selection going through six steps, and what each step leaves behind, written once:

- ``SelfEvaluation``: the alliance's report (five parts and optional figures from its indicator table); a
  report returned for correction stays, the corrected one is a new row;
- ``EligibilityRecheck``: the Article 8 report under the rule set in force on the re-check date;
- ``PanelAssignment`` / ``PanelReview``: experts of the pilot program's pool (``pilots.Expert``), refused on a
  conflict of interest, each proposing a grade with reasons once;
- ``DepartmentComment``: one comment per competent department (province, ministry, association);
- the grade approved by the national office on the evaluation itself, published with its campaign;
- ``Rectification``: the plan and follow-up check a B grade opens.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.evaluation.choices import CampaignStatus, EvaluationStatus, Grade, RectificationStatus

USER = settings.AUTH_USER_MODEL


class Campaign(TimestampedModel):
    """An evaluation campaign opened by the national office: the pilots it covers and a deadline per step."""

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("ends on"))
    self_evaluation_due = models.DateField(_("self-evaluation due"))
    verification_due = models.DateField(_("verification due"))
    panel_due = models.DateField(_("expert panel due"))
    comments_due = models.DateField(_("comments due"))
    decision_due = models.DateField(_("decision due"))
    rectification_months = models.PositiveSmallIntegerField(_("months to rectify"), default=6)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    opened_by = models.ForeignKey(
        USER, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("evaluation campaign")
        verbose_name_plural = _("evaluation campaigns")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("opens_on")),
                name="evaluation_campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(rectification_months__gte=1) & models.Q(rectification_months__lte=36),
                name="evaluation_rectification_months_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh


class Evaluation(TimestampedModel):
    """The evaluation of one pilot selection (a published pilot application) in a campaign; once per selection."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="evaluations"
    )
    application = models.OneToOneField(
        "pilots.Application",
        verbose_name=_("pilot selection"),
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="evaluations"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.SELF_EVALUATION
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, blank=True)
    grade_reasons = models.TextField(_("reasons for the grade"), blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation of a pilot")
        verbose_name_plural = _("evaluations of pilots")
        ordering = ["campaign_id", "alliance__code", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.alliance_id}"


class EvaluationStatusChange(StatusChange):
    """One move of an evaluation through its steps (write-once: database triggers; sealed)."""

    subject_field = "evaluation"
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("evaluation status change")
        verbose_name_plural = _("evaluation status changes")


class SelfEvaluation(models.Model):
    """The alliance's self-evaluation report as submitted (write-once: triggers; sealed)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="self_evaluations"
    )
    # {part code: text} for every part of choices.SELF_EVALUATION_PARTS
    parts = models.JSONField(_("parts"))
    figures_year = models.PositiveSmallIntegerField(_("year of the figures"), null=True, blank=True)
    # [{"code", "name_zh", "name_en", "unit", "value", "self_reported"}] copied from the indicator table
    figures = models.JSONField(_("figures"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("self-evaluation report")
        verbose_name_plural = _("self-evaluation reports")
        ordering = ["evaluation_id", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.evaluation_id} @ {self.submitted_at:%Y-%m-%d}"


class EligibilityRecheck(models.Model):
    """The Article 8 report under the rule set in force on the re-check date (write-once: triggers; sealed)."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="recheck"
    )
    rules = models.CharField(_("eligibility rule set"), max_length=10)
    on = models.DateField(_("re-checked on"))
    report = models.JSONField(_("report"))
    eligible = models.BooleanField(_("eligible"), null=True)
    by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("eligibility re-check")
        verbose_name_plural = _("eligibility re-checks")

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.rules} {self.on}"


class PanelAssignment(models.Model):
    """An expert of the pilot program's pool on an evaluation's panel (refused on a conflict of interest)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(
        "pilots.Expert",
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="evaluation_assignments",
    )
    assigned_by = models.ForeignKey(
        USER, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("panel assignment")
        verbose_name_plural = _("panel assignments")
        ordering = ["evaluation_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "expert"], name="evaluation_one_assignment_per_expert"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert_id} → {self.evaluation_id}"


class PanelReview(models.Model):
    """An expert's proposed grade with reasons, written once (triggers; sealed)."""

    assignment = models.OneToOneField(
        PanelAssignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="review"
    )
    grade = models.CharField(_("proposed grade"), max_length=1, choices=Grade.choices)
    reasons = models.TextField(_("reasons"))
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("panel review")
        verbose_name_plural = _("panel reviews")
        ordering = ["assignment_id"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.grade}"


class DepartmentComment(models.Model):
    """The comment of one competent department on an evaluation, once per capacity (triggers; sealed)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="comments"
    )
    # pilots.choices.RecommenderCapacity: provincial, ministry or association
    capacity = models.CharField(_("capacity"), max_length=20)
    text = models.TextField(_("comment"))
    by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("department comment")
        verbose_name_plural = _("department comments")
        ordering = ["evaluation_id", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "capacity"], name="evaluation_one_comment_per_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.capacity}"


class Rectification(TimestampedModel):
    """What a B grade opens: the alliance's plan by a deadline, and the national office's follow-up check."""

    evaluation = models.OneToOneField(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.PROTECT, related_name="rectification"
    )
    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    plan = models.TextField(_("rectification plan"), blank=True)
    plan_submitted_at = models.DateTimeField(_("plan submitted at"), null=True, blank=True)
    check_comment = models.TextField(_("follow-up check"), blank=True)
    checked_by = models.ForeignKey(
        USER, verbose_name=_("checked by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="evaluation_rect_due_idx")]

    def __str__(self) -> str:
        return f"{self.alliance_id} by {self.deadline}"


class RectificationStatusChange(StatusChange):
    """One move of a rectification (write-once: triggers; sealed)."""

    subject_field = "rectification"
    rectification = models.ForeignKey(
        Rectification,
        verbose_name=_("rectification"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("rectification status change")
        verbose_name_plural = _("rectification status changes")
