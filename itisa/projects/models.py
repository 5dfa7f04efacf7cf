"""Alliance R&D projects (Art. 5 of 国科发政〔2008〕770号: joint R&D on the industry's key technologies;
Art. 8(2): the agreement states the goals and the division of tasks among members).

A project has technical goals with measurable targets (linked to the agreement's goals), a period, a
lead member and participants each with its task and committed resources (money in CNY, people-months),
funding sources each linked to a fund of the ledger, milestones and deliverables with due dates and
evidence, a status workflow with a write-once history, and mid-term and acceptance reviews by experts
of the pilot program's pool. Its postings carry its cost object (``ledger.CostObject``), so budget
against actual comes from the ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.projects.choices import (
    FundingKind,
    MilestoneKind,
    MilestoneStatus,
    ProjectStatus,
    ReviewKind,
    Verdict,
)


class Project(TimestampedModel):
    """An alliance R&D project, numbered per alliance (``P001``)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="projects"
    )
    code = models.CharField(_("code"), max_length=20)
    title_zh = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_zh = models.TextField(_("summary"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    lead = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("lead member"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    # the effective agreement version whose goals the project serves (none when there was none)
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    # the motion of the deciding body that approves the project (the last one put)
    motion = models.ForeignKey(
        "governance.Motion",
        verbose_name=_("motion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    # the ledger's dimension its postings carry; empty while the alliance keeps no book on the platform
    cost_object = models.OneToOneField(
        "ledger.CostObject",
        verbose_name=_("cost object"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="projects_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="projects_ends_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class ProjectStatusChange(StatusChange):
    """One move of a project's status (write-once: database triggers)."""

    subject_field = "project"
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")


class Goal(models.Model):
    """A technical goal with a measurable target, linked to the agreement goal it serves."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="goals"
    )
    title_zh = models.CharField(_("goal"), max_length=200)
    target = models.CharField(_("measurable target"), max_length=300)
    # the title of the agreement's goal (content.goals[].title_zh) this goal serves; empty: none named
    agreement_goal = models.CharField(_("agreement goal"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("project goal")
        verbose_name_plural = _("project goals")
        ordering = ["project_id", "pk"]

    def __str__(self) -> str:
        return self.title_zh


class Participant(models.Model):
    """A member taking part, with its task and the resources it commits (the lead member is one too)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participants"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_participations",
    )
    task_zh = models.TextField(_("task"))
    money = models.DecimalField(_("committed money (CNY)"), default=0, max_digits=16, decimal_places=2)
    people_months = models.DecimalField(_("people-months"), max_digits=8, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["project_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="projects_participant_once"),
            models.CheckConstraint(condition=models.Q(money__gte=0), name="projects_money_not_negative"),
            models.CheckConstraint(condition=models.Q(people_months__gte=0),
                                   name="projects_people_months_not_negative"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.project_id}: {self.organisation_id}"


class FundingSource(models.Model):
    """Where part of the money comes from, linked to a fund of the alliance's book."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="funding"
    )
    kind = models.CharField(_("kind of funding"), max_length=20, choices=FundingKind.choices)
    fund = models.ForeignKey(
        "ledger.Fund", verbose_name=_("fund"), on_delete=models.PROTECT, related_name="project_funding"
    )
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    # whose own funds (a member), or empty for a grant or a loan to the alliance
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["project_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "fund"], name="projects_fund_once_per_project"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="projects_funding_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.fund_id} {self.amount}"


class Milestone(TimestampedModel):
    """A milestone or deliverable with its due day; done with evidence, overdue when the day passes."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    title_zh = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project_id", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("starts_on")),
                                   name="projects_milestone_due_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title_zh


def _evidence_path(instance: Evidence, filename: str) -> str:
    # never the uploaded name: the content's digest under the project, keeping only a sniffed extension
    return f"projects/{instance.milestone.project_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Evidence(models.Model):
    """A file that shows a milestone was reached (report, test certificate, photo): PDF, JPEG or PNG,
    kept for good (write-once: database triggers; sealed in the audit chain)."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # empty for evidence brought in by a dossier from elsewhere (accounts do not travel): the label says who
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by_label = models.CharField(_("uploaded by (name)"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("milestone evidence")
        verbose_name_plural = _("milestone evidence")
        ordering = ["milestone_id", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "sha256"], name="projects_evidence_once_per_milestone"
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ReviewRound(models.Model):
    """A mid-term or acceptance review of a project, by experts of the pilot program's pool."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    kind = models.CharField(_("kind of review"), max_length=20, choices=ReviewKind.choices)
    # empty for a review brought in by a dossier from elsewhere (accounts do not travel): the label says who
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_by_label = models.CharField(_("opened by (name)"), max_length=150, blank=True)
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("project review")
        verbose_name_plural = _("project reviews")
        ordering = ["project_id", "opened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.kind}"


class ReviewAssignment(models.Model):
    """An expert assigned to a review round (refused on a conflict of interest)."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review"), on_delete=models.PROTECT, related_name="assignments"
    )
    expert = models.ForeignKey(
        "pilots.Expert",
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        related_name="project_assignments",
    )
    # empty for an assignment brought in by a dossier from elsewhere: the label says who
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_by_label = models.CharField(_("assigned by (name)"), max_length=150, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("project review assignment")
        verbose_name_plural = _("project review assignments")
        ordering = ["round_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "expert"], name="projects_one_assignment_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.expert_id} → {self.round_id}"


class Opinion(models.Model):
    """An expert's score (0–100), verdict and opinion on a project: written once, never changed."""

    assignment = models.OneToOneField(
        ReviewAssignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="opinion"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    text = models.TextField(_("opinion"))
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        ordering = ["assignment_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="projects_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.verdict}"
