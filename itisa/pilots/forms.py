"""Forms of the pilot-program pages. They only parse input; the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.pilots.choices import ApplicationStatus, CallScope, Outcome, item_label
from itisa.pilots.services.inputs import CallInput
from itisa.ui.forms import StyledForm


def _rule_set_choices() -> list[tuple[str, str]]:
    from itisa.pilots.eligibility import RULE_SETS

    return [(code, f"{code} · {rs.reference}") for code, rs in RULE_SETS.items()]


class DateInput(forms.DateInput):
    input_type = "date"


def items_text(items: list[dict[str, Any]], *, weighted: bool) -> str:
    """A checklist or rubric as editable lines: ``code | 中文 | English`` (and ``| weight``)."""
    return "\n".join(
        " | ".join(
            [str(i["code"]), str(i["label_zh"]), str(i["label_en"])]
            + ([str(i["weight"])] if weighted else [])
        )
        for i in items
    )


def parse_items(text: str, *, weighted: bool) -> list[dict[str, Any]]:
    """Parse the lines of ``items_text``; the service checks codes, labels and weights."""
    columns = 4 if weighted else 3
    items: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != columns:
            raise forms.ValidationError(
                _("Line %(n)s: give %(columns)s parts separated by “|”.") % {"n": n, "columns": columns}
            )
        item: dict[str, Any] = {"code": parts[0], "label_zh": parts[1], "label_en": parts[2]}
        if weighted:
            try:
                item["weight"] = int(parts[3])
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: the weight must be a whole number.") % {"n": n}
                ) from None
        items.append(item)
    if not items:
        raise forms.ValidationError(_("Give at least one item."))
    return items


class CallForm(StyledForm):
    """A call: title, window, rule set, maxima, and the materials checklist and scoring rubric as lines
    (they start from the defaults)."""

    # not sent: a national call
    scope = forms.ChoiceField(
        label=_("Programme"), choices=CallScope.choices, initial=CallScope.NATIONAL, required=False
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", "—"), *Province.choices],
        help_text=_("For a provincial programme: the province whose department runs the call."),
    )
    recommendation_required = forms.BooleanField(
        label=_("A recommendation is required before expert review"), required=False
    )
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)
    rules = forms.ChoiceField(label=_("Eligibility rule set"), choices=())
    max_pilots = forms.IntegerField(
        label=_("Maximum number of pilots"),
        min_value=0,
        help_text=_("For a provincial programme: the maximum number of recognised alliances."),
    )
    max_cultivation = forms.IntegerField(
        label=_("Maximum number of cultivation alliances"),
        min_value=0,
        initial=0,
        help_text=_("Zero for a provincial programme, which has no cultivation list."),
    )
    materials = forms.CharField(
        label=_("Required materials"),
        help_text=_("One per line: code | Chinese name | English name."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    rubric = forms.CharField(
        label=_("Scoring rubric"),
        help_text=_(
            "One criterion per line: code | Chinese name | English name | weight; weights add up to 100."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, fixed_scope: bool = False, **kwargs: Any) -> None:
        """``fixed_scope``: editing a call, whose programme never changes (no scope or province fields)."""
        from itisa.pilots.choices import DEFAULT_MATERIALS, DEFAULT_RUBRIC

        initial = kwargs.setdefault("initial", {})
        for name, default, weighted in (
            ("materials", DEFAULT_MATERIALS, False),
            ("rubric", DEFAULT_RUBRIC, True),
        ):
            initial[name] = items_text(initial.get(name) or default, weighted=weighted)  # type: ignore[arg-type]
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = _rule_set_choices()  # type: ignore[attr-defined]
        if fixed_scope:
            del self.fields["scope"], self.fields["province"]

    def clean_materials(self) -> list[dict[str, Any]]:
        return parse_items(self.cleaned_data["materials"], weighted=False)

    def clean_rubric(self) -> list[dict[str, Any]]:
        return parse_items(self.cleaned_data["rubric"], weighted=True)

    def to_input(self) -> CallInput:
        """The whole call, for ``call_create`` or ``call_update``."""
        return CallInput(**self.cleaned_data)


class ConfirmForm(StyledForm):
    """A step that asks for confirmation before it acts."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ApplicationFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    scope = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("All")), *CallScope.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ApplicationStatus.choices]
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All")), *Province.choices]
    )
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[("", _("All")), *Industry.choices]
    )


class ApplyForm(StyledForm):
    alliance = forms.ChoiceField(label=_("Alliance"), choices=())

    def __init__(self, *args: Any, alliances: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alliance"].choices = [(a.code, f"{a.code} {a.name_zh}") for a in alliances]  # type: ignore[attr-defined]


class MaterialForm(StyledForm):
    code = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("PDF file"), required=False)


class CommentForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(StyledForm):
    comment = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendForm(StyledForm):
    letter = forms.CharField(label=_("Recommendation letter"), widget=forms.Textarea(attrs={"rows": 6}))
    letter_file = forms.FileField(label=_("Signed letter (PDF, optional)"), required=False)


class ExpertForm(StyledForm):
    username = forms.CharField(label=_("Account (username)"), max_length=150)
    name = forms.CharField(label=_("Name"), max_length=100)
    organisation = forms.CharField(
        label=_("Organisation (unified social credit code)"), max_length=18, required=False
    )
    specialities = forms.CharField(label=_("Fields of speciality"), max_length=300, required=False)


class AssignForm(StyledForm):
    expert = forms.IntegerField(widget=forms.HiddenInput)


class CallFilterForm(StyledForm):
    """The call list by programme and province."""

    scope = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("All")), *CallScope.choices]
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All")), *Province.choices]
    )


class DecisionForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)

    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, scope: str = CallScope.NATIONAL, **kwargs: Any) -> None:
        """The outcomes a call of ``scope`` may decide (``choices.SCOPE_OUTCOMES``)."""
        from itisa.pilots.choices import SCOPE_OUTCOMES

        super().__init__(*args, **kwargs)
        allowed = SCOPE_OUTCOMES[scope]
        self.fields["outcome"].choices = [(v, label) for v, label in Outcome.choices if v in allowed]  # type: ignore[attr-defined]


class ReviewForm(StyledForm):
    """One score (0–100) and one comment per rubric criterion, and an overall opinion."""

    summary = forms.CharField(label=_("Overall opinion"), widget=forms.Textarea(attrs={"rows": 4}))
    # a review cannot be changed once submitted: the first post shows the weighted total and asks
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, rubric: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        confirmed = self.fields.pop("confirmed")
        summary = self.fields.pop("summary")
        for c in rubric:
            self.fields[f"score_{c['code']}"] = forms.IntegerField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": item_label(c), "weight": c["weight"]},
                min_value=0,
                max_value=100,
            )
            self.fields[f"comment_{c['code']}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.fields["summary"] = summary
        self.fields["confirmed"] = confirmed
        for field in self.fields.values():
            widget = field.widget
            if "form-control" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} form-control".strip()

    def scores(self) -> dict[str, Any]:
        return {c["code"]: self.cleaned_data.get(f"score_{c['code']}") for c in self.rubric}

    def comments(self) -> dict[str, str]:
        return {c["code"]: self.cleaned_data.get(f"comment_{c['code']}") or "" for c in self.rubric}
