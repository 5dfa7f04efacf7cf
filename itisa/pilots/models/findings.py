"""Findings on what data cannot decide in Article 8(1): an enterprise's backbone position in the alliance's
industry, a university's or institute's frontier standing in its field."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingQuestion(models.TextChoices):
    BACKBONE = "backbone", _("Backbone enterprise of the industry")
    FRONTIER = "frontier", _("At the frontier of the field")


class Finding(models.Model):
    """What the national office found about one member of one alliance, with its reason (Art. 8(1)).

    Append-only (database triggers): a changed view is a new finding; the latest holds.
    """

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.CharField(_("question"), max_length=20, choices=FindingQuestion.choices)
    holds = models.BooleanField(_("holds"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("found by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("found at"))

    class Meta:
        verbose_name = _("eligibility finding")
        verbose_name_plural = _("eligibility findings")
        ordering = ["alliance_id", "organisation_id", "question", "at", "pk"]
        indexes = [models.Index(fields=["alliance", "question", "at"], name="pilots_finding_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.alliance_id}/{self.organisation_id} {self.question}={self.holds}"
