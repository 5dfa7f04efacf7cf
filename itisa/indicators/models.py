"""The dynamic-information database: indicator values of an alliance for a year, as recorded.

A value is recorded from the system (``indicators.services.indicator_values_record``, computed by the
indicator registry of ``itisa.core.indicators``) or reported by the alliance's secretariat for an indicator
it may enter or correct, with the evidence (``indicator_value_report``). Rows are written once (database
triggers; sealed): a correction is a new row and the newest row of an (alliance, year, indicator) is the
current value. Completeness — every indicator of a scheme has a current value — is the condition for being
rated (docs/indicators.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.indicators.choices import Source


class IndicatorValue(models.Model):
    """One recorded value of one indicator for an alliance and a year (write-once; sealed)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("indicator"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # what proves a self-reported value: a document's number, an address, the statement it comes from
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["alliance_id", "year", "code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="indicators_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(source="system") | ~models.Q(evidence=""),
                name="indicators_reported_has_evidence",
            ),
        ]
        indexes = [models.Index(fields=["year", "alliance", "code"], name="indicators_value_idx")]

    def __str__(self) -> str:
        return f"{self.alliance_id} {self.year} {self.code} = {self.value}"
