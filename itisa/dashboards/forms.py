"""The dashboard's filters and the drill-down list's filters (GET forms; a bad value is ignored)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.core.indicators import indicators
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.dashboards.selectors import PILOT_LABELS
from itisa.diffusion.choices import ObligationStatus
from itisa.registry.choices import AllianceScope, AllianceStatus

YEAR = {"min_value": 2000, "max_value": 2100, "required": False}


class _Filters(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def valid(self) -> dict[str, Any]:
        """The filters that validated: one bad parameter does not throw away the others."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}


class DashboardForm(_Filters):
    year = forms.IntegerField(label=_("Year"), **YEAR)  # type: ignore[arg-type]
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    top = forms.IntegerField(label=_("Top"), min_value=1, max_value=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("First indicator"))] + [  # type: ignore[attr-defined]
            (i.code, i.name) for i in indicators()
        ]


class DrillDownForm(_Filters):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *AllianceStatus.choices], required=False
    )
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", _("All industries")), *Industry.choices], required=False
    )
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", _("All provinces")), *Province.choices], required=False
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=[("", _("All scopes")), *AllianceScope.choices], required=False
    )
    founded = forms.IntegerField(label=_("Founded in"), **YEAR)  # type: ignore[arg-type]
    changed = forms.IntegerField(label=_("Status changed in"), **YEAR)  # type: ignore[arg-type]
    to = forms.ChoiceField(
        label=pgettext_lazy("status change", "to"),
        choices=[("", "—"), *AllianceStatus.choices],
        required=False,
    )
    diffusion = forms.ChoiceField(
        label=_("Diffusion obligation"), choices=[("", "—"), *ObligationStatus.choices], required=False
    )
    pilot = forms.ChoiceField(label=_("Pilot period"), choices=[("", "—"), *PILOT_LABELS.items()],
                              required=False)  # fmt: skip
