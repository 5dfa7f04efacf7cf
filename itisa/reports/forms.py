"""Forms of the annual reports. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.reports.choices import ReportStatus
from itisa.reports.models import TEXT_MAX
from itisa.reports.services import ReportInput
from itisa.ui.forms import StyledForm


class ReportFilterForm(forms.Form):
    """The received reports: by year, status, province, industry, alliance, overdue."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label=_("Year"))
    status = forms.ChoiceField(choices=[("", _("All statuses")), *ReportStatus.choices], required=False,
                               label=_("Status"))  # fmt: skip
    province = forms.ChoiceField(choices=[("", _("All provinces")), *Province.choices], required=False,
                                 label=_("Province"))  # fmt: skip
    industry = forms.ChoiceField(choices=[("", _("All industries")), *Industry.choices], required=False,
                                 label=_("Industry"))  # fmt: skip
    q = forms.CharField(required=False, max_length=100, label=_("Alliance"))
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == "overdue":
                field.widget.attrs["class"] = "form-check-input"
                continue
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
            field.widget.attrs["aria-label"] = str(field.label or "")

    def values(self) -> dict[str, Any]:
        empty = {"year": None, "status": "", "province": "", "industry": "", "q": "", "overdue": False}
        return {**empty, **self.cleaned_data} if self.is_valid() else empty


def _text(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip


class ReportForm(StyledForm):
    """The four parts of the work summary, in Chinese (English optional)."""

    main_work_zh = _text(_("Main work"))
    achievements_zh = _text(_("Achievements"))
    problems_zh = _text(_("Problems"))
    plan_zh = _text(_("Next year's plan"))
    main_work_en = _text(_("Main work (English)"))
    achievements_en = _text(_("Achievements (English)"))
    problems_en = _text(_("Problems (English)"))
    plan_en = _text(_("Next year's plan (English)"))

    def to_input(self) -> ReportInput:
        return ReportInput(**{k: self.cleaned_data.get(k) or "" for k in self.fields})


class RoundForm(StyledForm):
    """Open the round of a reporting year."""

    year = forms.IntegerField(label=_("Reporting year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), required=False,
                               help_text=_("Empty: 28 February of the next year."),
                               widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MoveForm(StyledForm):
    """Submit, return (with the reason) or accept: confirmed first."""

    reason = forms.CharField(label=_("What is to be corrected"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
