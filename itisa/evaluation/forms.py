"""Forms of the formal evaluation. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.evaluation.choices import SELF_EVALUATION_PARTS, Grade
from itisa.evaluation.services import CampaignInput
from itisa.ui.forms import StyledForm

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 5})


class CampaignForm(StyledForm):
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2008, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    self_evaluation_due = forms.DateField(label=_("Self-evaluation due"), widget=DATE)
    verification_due = forms.DateField(label=_("Verification due"), widget=DATE)
    panel_due = forms.DateField(label=_("Expert panel due"), widget=DATE)
    comments_due = forms.DateField(label=_("Comments due"), widget=DATE)
    decision_due = forms.DateField(label=_("Decision due"), widget=DATE)
    rectification_months = forms.IntegerField(label=_("Months to rectify (grade B)"), initial=6, min_value=1,
                                              max_value=36)  # fmt: skip

    def to_input(self) -> CampaignInput:
        return CampaignInput(**self.cleaned_data)


class SelfEvaluationForm(StyledForm):
    figures_year = forms.IntegerField(
        label=_("Attach the figures of the indicator table of the year"), required=False, min_value=2000,
        max_value=2100, help_text=_("Leave empty to submit the text alone."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in SELF_EVALUATION_PARTS:
            self.fields[code] = forms.CharField(label=label, widget=TEXT, max_length=20000)
            self.fields[code].widget.attrs["class"] = "form-control"
        self.order_fields([c for c, _l in SELF_EVALUATION_PARTS])

    def parts(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code, _l in SELF_EVALUATION_PARTS}


class VerifyForm(StyledForm):
    accept = forms.TypedChoiceField(
        label=_("Verification"), coerce=lambda v: v == "1",
        choices=[("1", _("Verified: go on to the eligibility re-check")), ("0", _("Return to the alliance"))],
    )  # fmt: skip
    comment = forms.CharField(label=_("Comment (required when returned)"), required=False, widget=TEXT,
                              max_length=4000)  # fmt: skip


class AssignForm(StyledForm):
    expert = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(StyledForm):
    grade = forms.ChoiceField(label=_("Proposed grade"), choices=Grade.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label=_("Reasons"), widget=TEXT, max_length=10000)


class CommentForm(StyledForm):
    text = forms.CharField(label=_("Comment of your department"), widget=TEXT, max_length=10000)


class DecideForm(StyledForm):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=TEXT, max_length=10000)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PlanForm(StyledForm):
    plan = forms.CharField(label=_("Rectification plan"), widget=TEXT, max_length=20000)


class CheckForm(StyledForm):
    passed = forms.TypedChoiceField(label=_("Follow-up check"), coerce=lambda v: v == "1",
                                    choices=[("1", _("Passed")), ("0", _("Failed"))])  # fmt: skip
    comment = forms.CharField(label=_("What the check found"), widget=TEXT, max_length=10000)
