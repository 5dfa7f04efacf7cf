"""The activity rating (活跃度评价, docs/rating.md).

- ``Scheme``: a year's dimensions, indicators, weights, scoring and bands as canonical JSON with its SHA-256.
  A draft may be edited; once a campaign uses it, the database refuses any change (trigger).
- ``Campaign``: the yearly national campaign, its status (draft → first review → cross review → plenary →
  published; ``CampaignStatusChange`` rows) and the scheme's digest when it opened.
- ``Reviewer``: an expert of the pilot program's pool in one of the campaign's review groups.
- ``Rating``: an alliance in the campaign's scope at opening, rated (computed scores, band) or not rated for
  incomplete data (the missing indicators). Write-once.
- ``Review``: one review act (an adjustment, a confirmation, a dispute, a plenary decision). Write-once.
- ``Outcome``: the published final score, band and the A级 title of an alliance for the year. Write-once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.workflows import StatusChange
from itisa.rating.choices import CampaignStatus, SchemeStatus, Stage, Verdict


class Scheme(models.Model):
    """One year's rating scheme (one per year; fixed once used)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="rating_scheme_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Campaign(models.Model):
    """The yearly national activity rating campaign of established and pilot alliances."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="campaigns"
    )
    scheme_sha256 = models.CharField(_("scheme SHA-256"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    groups = models.PositiveSmallIntegerField(_("review groups"), default=0)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("rating campaign")
        verbose_name_plural = _("rating campaigns")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CampaignStatusChange(StatusChange):
    """One move of a campaign's status (write-once: triggers; sealed)."""

    subject_field = "campaign"
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("campaign status change")
        verbose_name_plural = _("campaign status changes")


class Reviewer(models.Model):
    """An expert of the pool in one review group of a campaign (write-once)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reviewers"
    )
    expert = models.ForeignKey(
        "pilots.Expert", verbose_name=_("expert"), on_delete=models.PROTECT, related_name="rating_groups"
    )
    group = models.PositiveSmallIntegerField(_("group"), db_column="group_no")

    class Meta:
        verbose_name = _("rating reviewer")
        verbose_name_plural = _("rating reviewers")
        ordering = ["campaign_id", "group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "expert"], name="rating_reviewer_once"),
            models.CheckConstraint(condition=models.Q(group__gte=1), name="rating_reviewer_group"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.group}: {self.expert_id}"


class Rating(models.Model):
    """An alliance in the campaign's scope: its computed scores and band, or not rated (write-once)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="ratings"
    )
    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    rated = models.BooleanField(_("rated"))
    missing = models.JSONField(_("missing indicators"), default=list, blank=True)
    values = models.JSONField(_("indicator values used"), default=dict, blank=True)
    dimensions = models.JSONField(_("dimension scores"), default=dict, blank=True)
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("band"), max_length=30, blank=True)
    # the first-review group (the cross review is done by the next group)
    group = models.PositiveSmallIntegerField(_("group"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["campaign_id", "alliance__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "alliance"], name="rating_once_per_campaign"),
            models.CheckConstraint(
                condition=models.Q(rated=False, total__isnull=True)
                | models.Q(rated=True, total__isnull=False),
                name="rating_total_when_rated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.alliance_id} {self.total} {self.band}"


class Review(models.Model):
    """One review act on a rating (write-once; the final score is derived from these rows)."""

    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="reviews"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    expert = models.ForeignKey(
        "pilots.Expert",
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("rating review")
        verbose_name_plural = _("rating reviews")
        ordering = ["rating_id", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="rating_review_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating_id} {self.stage} {self.verdict}"


class Outcome(models.Model):
    """An alliance's published result for the year: final score and band (rated), and the A级 title."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="outcomes"
    )
    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rated = models.BooleanField(_("rated"))
    total = models.DecimalField(_("final score"), max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("band"), max_length=30, blank=True)
    top = models.BooleanField(_("in the top band"), default=False)
    title = models.BooleanField(_("A-level activity title"), default=False)

    class Meta:
        verbose_name = _("rating outcome")
        verbose_name_plural = _("rating outcomes")
        ordering = ["year", "alliance_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "alliance"], name="rating_outcome_once"),
        ]
        indexes = [models.Index(fields=["alliance", "year"], name="rating_outcome_history_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.alliance_id} {self.band}"
