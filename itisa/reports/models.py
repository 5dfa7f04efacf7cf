"""Annual reports of the alliances (年度报告; Art. 9, 11, 12 of 国科发政〔2008〕770号).

- ``ReportRound``: the national office opens the round of a reporting year with its deadline (two months
  after the year's end by default, 28 February). At opening, every alliance that is established or a pilot
  owes a report: a draft ``AnnualReport`` is created for it.
- ``AnnualReport``: one per alliance and year: the four parts of the work summary (main work, achievements,
  problems, next year's plan; Chinese, English optional) and its status (draft → submitted → returned →
  submitted … → accepted; ``ReportStatusChange`` history). The clocks remind the secretariat 30 and 7 days
  before the deadline and mark a report never submitted ``overdue_at`` the day after it.
- ``ReportSubmission``: each submission, signed by the secretariat's account with the SHA-256 digest of
  the canonical JSON (RFC 8785) of the four parts and the indicator table; ``ReportIndicator``: the
  indicator values frozen with it, so later corrections do not change a submitted report. Both write-once
  (database triggers) and sealed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.reports.choices import ReportStatus

TEXT_MAX = 20000


class ReportRound(TimestampedModel):
    """The round of annual reports of a reporting year, opened by the national office."""

    year = models.PositiveSmallIntegerField(_("reporting year"), unique=True)
    deadline = models.DateField(_("deadline"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("annual report round")
        verbose_name_plural = _("annual report rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="reports_round_year"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.year} (→ {self.deadline})"


class AnnualReport(TimestampedModel):
    """An alliance's annual report of one year: the work summary in four parts and its status."""

    round = models.ForeignKey(
        ReportRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="reports"
    )
    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    main_work_zh = models.TextField(_("main work"), max_length=TEXT_MAX, blank=True)
    main_work_en = models.TextField(_("main work (English)"), max_length=TEXT_MAX, blank=True)
    achievements_zh = models.TextField(_("achievements"), max_length=TEXT_MAX, blank=True)
    achievements_en = models.TextField(_("achievements (English)"), max_length=TEXT_MAX, blank=True)
    problems_zh = models.TextField(_("problems"), max_length=TEXT_MAX, blank=True)
    problems_en = models.TextField(_("problems (English)"), max_length=TEXT_MAX, blank=True)
    plan_zh = models.TextField(_("next year's plan"), max_length=TEXT_MAX, blank=True)
    plan_en = models.TextField(_("next year's plan (English)"), max_length=TEXT_MAX, blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    # set once by the clock the day after the deadline when the report was never submitted by then
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)
    reminded_30_at = models.DateTimeField(_("reminded 30 days before"), null=True, blank=True)
    reminded_7_at = models.DateTimeField(_("reminded 7 days before"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "alliance_id"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "year"], name="reports_one_per_alliance_year"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="reports_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.year} ({self.status})"


class ReportStatusChange(StatusChange):
    """One move of an annual report's status (write-once: database triggers; sealed)."""

    subject_field = "report"
    report = models.ForeignKey(
        AnnualReport, verbose_name=_("annual report"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("annual report status change")
        verbose_name_plural = _("annual report status changes")


class ReportSubmission(models.Model):
    """One submission of a report: who submitted it, when, and the SHA-256 digest of the canonical JSON of
    what was submitted (the four parts and the indicator table), kept with the JSON itself (write-once)."""

    report = models.ForeignKey(
        AnnualReport, verbose_name=_("annual report"), on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("submission"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("submitted by (name)"), max_length=150)
    at = models.DateTimeField(_("submitted at"))
    late = models.BooleanField(_("after the deadline"), default=False)
    canonical = models.TextField(_("canonical JSON"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("annual report submission")
        verbose_name_plural = _("annual report submissions")
        ordering = ["report_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reports_submission_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} #{self.number} {self.sha256[:12]}"


class ReportIndicator(models.Model):
    """One indicator value as it stood when the report was submitted (write-once; the snapshot)."""

    submission = models.ForeignKey(
        ReportSubmission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("indicator"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    source = models.CharField(_("source"), max_length=20)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("frozen indicator value")
        verbose_name_plural = _("frozen indicator values")
        ordering = ["submission_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "code"], name="reports_indicator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.value}"
