"""Forms of the activity rating. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.pilots.models import Expert
from itisa.rating.choices import Verdict
from itisa.ui.forms import StyledForm

GROUPS = 3  # review groups the campaign form offers


class SchemeForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    definition = forms.CharField(
        label=_("Definition (JSON)"), widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace"}),
        help_text=_("Dimensions with their weights and indicators (code, weight, rule linear or threshold, floor, "
                    "target), and the bands with their lower bounds. Numbers are Decimals written as text; "
                    "weights sum to 100."),
    )  # fmt: skip

    def __init__(self, *args: Any, fixed_year: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_year:
            self.fields["year"].disabled = True


class CopyForm(StyledForm):
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)


class CampaignForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pool = Expert.objects.filter(active=True, user__isnull=False).order_by("name", "pk")
        for n in range(1, GROUPS + 1):
            self.fields[f"group_{n}"] = forms.ModelMultipleChoiceField(
                queryset=pool, required=False, label=_("Review group %(n)d") % {"n": n},
                widget=forms.SelectMultiple(attrs={"size": 5}),
            )  # fmt: skip

    def groups(self) -> list[list[Expert]]:
        chosen = [list(self.cleaned_data.get(f"group_{n}") or []) for n in range(1, GROUPS + 1)]
        return [g for g in chosen if g]


class AdvanceForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReviewForm(StyledForm):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    dimension = forms.ChoiceField(label=_("Dimension"), required=False, choices=[])
    score = forms.CharField(label=_("Score"), required=False, max_length=10)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)  # fmt: skip

    def __init__(self, *args: Any, verdicts: tuple[str, ...] = (), dimensions: dict[str, str] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        verdict_field: Any = self.fields["verdict"]
        verdict_field.choices = [(v, label) for v, label in Verdict.choices if v in verdicts]
        dimension_field: Any = self.fields["dimension"]
        dimension_field.choices = [("", "—"), *(dimensions or {}).items()]


class RatingFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    rated = forms.ChoiceField(required=False, label=_("Rated"),
                              choices=[("", _("All")), ("yes", _("Rated")), ("no", _("Not rated: incomplete data"))])  # fmt: skip
    band = forms.ChoiceField(required=False, label=_("Band"), choices=[])
    group = forms.TypedChoiceField(required=False, label=_("Group"), coerce=int, empty_value=None, choices=[])

    def __init__(self, *args: Any, bands: list[tuple[str, str]] = (), groups: int = 0, **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        band_field: Any = self.fields["band"]
        band_field.choices = [("", _("All bands")), *bands]
        group_field: Any = self.fields["group"]
        group_field.choices = [("", _("All groups")), *[(n, str(n)) for n in range(1, groups + 1)]]
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
            field.widget.attrs["aria-label"] = str(field.label or "")
