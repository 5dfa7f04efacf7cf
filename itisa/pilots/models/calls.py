"""Calls for pilot alliances (试点联盟申报通知), opened by the national office (Art. 7), and calls of a
province's own recognition programme for provincial alliances (省级产业技术创新战略联盟), opened by its
science and technology department with the same machinery."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.regions import Province
from itisa.pilots.choices import CallScope, CallStatus


class Call(TimestampedModel):
    """A call: its window, the eligibility rule set, the materials checklist, the maxima and the rubric."""

    scope = models.CharField(
        _("programme"), max_length=10, choices=CallScope.choices, default=CallScope.NATIONAL
    )
    # the province whose department runs a provincial call; empty for a national call
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    # a provincial call may require an industry association's recommendation before expert review
    recommendation_required = models.BooleanField(
        _("recommendation required"),
        default=False,
        help_text=_("An application goes to expert review only once an industry association recommended it."),
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    rules = models.CharField(
        _("eligibility rule set"),
        max_length=10,
        help_text=_("The dated rule set applications are checked against."),
    )
    # [{"code", "label_zh", "label_en"}], copied from choices.DEFAULT_MATERIALS unless given
    materials = models.JSONField(_("required materials"), default=list)
    max_pilots = models.PositiveIntegerField(_("maximum number of pilots"))
    max_cultivation = models.PositiveIntegerField(_("maximum number of cultivation alliances"))
    # [{"code", "label_zh", "label_en", "weight"}], weights sum to 100
    rubric = models.JSONField(_("scoring rubric"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # empty for a call brought in by a dossier import (accounts do not travel)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("call for pilots")
        verbose_name_plural = _("calls for pilots")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="pilots_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=(models.Q(scope="national") & models.Q(province=""))
                | (models.Q(scope="provincial") & ~models.Q(province="")),
                name="pilots_call_province_iff_provincial",
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def is_provincial(self) -> bool:
        return self.scope == CallScope.PROVINCIAL

    def material_label(self, code: str) -> str:
        return next((m["label_zh"] for m in self.materials if m["code"] == code), code)

    def criteria(self) -> list[dict[str, Any]]:
        return list(self.rubric)
