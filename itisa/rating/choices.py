"""Choices of the activity rating: scheme and campaign statuses, review stages and verdicts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    """A year's scheme is edited as a draft; once a campaign uses it, it is fixed for good."""

    DRAFT = "draft", _("Draft")
    IN_USE = "in_use", _("In use (fixed)")


class CampaignStatus(models.TextChoices):
    """The yearly campaign of the pilot alliances' liaison group (docs/rating.md)."""

    DRAFT = "draft", _("Draft")
    FIRST_REVIEW = "first_review", _("First review by groups")
    CROSS_REVIEW = "cross_review", _("Cross review")
    PLENARY = "plenary", _("Plenary")
    PUBLISHED = "published", _("Published")


class Stage(models.TextChoices):
    """The review stage a review row belongs to."""

    FIRST = "first", _("First review")
    CROSS = "cross", _("Cross review")
    PLENARY = "plenary", _("Plenary")


class Verdict(models.TextChoices):
    """What a review row says: adjust a dimension score (first review), confirm or dispute the rating
    (cross review), fix the final score (plenary)."""

    ADJUST = "adjust", _("Adjusts a dimension score")
    CONFIRM = "confirm", _("Confirms")
    DISPUTE = "dispute", _("Disputes")
    DECIDE = "decide", _("Fixes the final score")


STAGE_VERDICTS: dict[str, tuple[str, ...]] = {
    Stage.FIRST: (Verdict.ADJUST,),
    Stage.CROSS: (Verdict.CONFIRM, Verdict.DISPUTE),
    Stage.PLENARY: (Verdict.DECIDE,),
}

CAMPAIGN_STAGE: dict[str, str] = {
    CampaignStatus.FIRST_REVIEW: Stage.FIRST,
    CampaignStatus.CROSS_REVIEW: Stage.CROSS,
    CampaignStatus.PLENARY: Stage.PLENARY,
}
