"""Forms of the talent pages; each builds the service's typed input (``to_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.values import EARLIEST_DAY, INT_MAX, LATEST_DAY
from itisa.talent.choices import ProgrammeKind
from itisa.talent.services import ExchangeInput, OutcomeInput, ProgrammeInput, ProgrammeOutcomeInput
from itisa.ui.forms import StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class _Filter(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=EARLIEST_DAY.year, max_value=LATEST_DAY.year,
                              required=False)  # fmt: skip
    q = forms.CharField(required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"class": "form-control", "placeholder": _("Year")})


class ProgrammeFilterForm(_Filter):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ProgrammeKind.choices],
                             required=False)  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is dropped, and shown as the form's error)."""
        d = getattr(self, "cleaned_data", {})
        return {"kind": d.get("kind") or "", "year": d.get("year"), "q": d.get("q") or ""}


class ExchangeFilterForm(_Filter):
    organisation = forms.TypedChoiceField(label=_("Member"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.choices = [("", _("All members"))] + [(str(pk), name) for pk, name in members]  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, Any]:
        d = getattr(self, "cleaned_data", {})
        return {"year": d.get("year"), "organisation": d.get("organisation"), "q": d.get("q") or ""}


class ProgrammeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    title_zh = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    organisers = forms.MultipleChoiceField(label=_("Organising members"), widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Ends on"), **DATE)  # type: ignore[arg-type]
    planned_participants = forms.IntegerField(label=_("Planned participants"), min_value=1, max_value=INT_MAX)

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisers"].choices = members  # type: ignore[attr-defined]

    def to_input(self) -> ProgrammeInput:
        d = self.cleaned_data
        return ProgrammeInput(
            kind=d["kind"], title_zh=d["title_zh"], title_en=d.get("title_en") or "",
            organisers=[int(o) for o in d["organisers"]], starts_on=d["starts_on"], ends_on=d["ends_on"],
            planned_participants=d["planned_participants"],
        )  # fmt: skip


class ProgrammeOutcomeForm(StyledForm):
    actual_participants = forms.IntegerField(label=_("Actual participants"), min_value=0, max_value=INT_MAX)
    outcome_zh = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))

    def to_input(self) -> ProgrammeOutcomeInput:
        d = self.cleaned_data
        return ProgrammeOutcomeInput(actual_participants=d["actual_participants"], outcome_zh=d["outcome_zh"])


class ExchangeForm(StyledForm):
    person_name = forms.CharField(label=_("Person"), max_length=100)
    from_org = forms.ChoiceField(label=_("From member"))
    to_org = forms.ChoiceField(label=_("To member"))
    role_zh = forms.CharField(label=_("Role"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Ends on"), **DATE)  # type: ignore[arg-type]
    purpose_zh = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_org", "to_org"):
            self.fields[name].choices = [("", "—"), *members]  # type: ignore[attr-defined]

    def to_input(self) -> ExchangeInput:
        d = self.cleaned_data
        return ExchangeInput(
            person_name=d["person_name"], from_org=int(d["from_org"]), to_org=int(d["to_org"]),
            role_zh=d["role_zh"], starts_on=d["starts_on"], ends_on=d["ends_on"], purpose_zh=d["purpose_zh"],
        )  # fmt: skip


class OutcomeForm(StyledForm):
    outcome_zh = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))

    def to_input(self) -> OutcomeInput:
        return OutcomeInput(outcome_zh=self.cleaned_data["outcome_zh"])


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))
