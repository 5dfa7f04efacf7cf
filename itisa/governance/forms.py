"""Forms of the governance page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.governance.choices import BodyType, Comparison, SeatRole, ThresholdBase
from itisa.registry.forms import StyledForm

PRESET_CHOICES = [
    ("two_thirds_present", _("Quorum 2/3 of seats; 2/3 of those present")),
    ("majority_quorum_two_thirds_present", _("Quorum more than 1/2; 2/3 of those present")),
    ("simple_majority_present", _("Quorum more than 1/2; more than 1/2 of those present")),
    ("two_thirds_of_all_seats", _("Quorum 2/3; 2/3 of all seats")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class BodyForm(StyledForm):
    body_type = forms.ChoiceField(label=_("Type"), choices=BodyType.choices)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=100)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    duties_zh = forms.CharField(label=_("Duties"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    preset = forms.ChoiceField(label=_("Decision rules"), choices=PRESET_CHOICES)


class RulesForm(StyledForm):
    preset = forms.ChoiceField(
        label=_("Preset"), choices=[("", _("Custom (below)")), *PRESET_CHOICES], required=False
    )
    quorum = forms.CharField(label=_("Quorum (share of seats)"), required=False, initial="2/3")
    quorum_comparison = forms.ChoiceField(
        label=_("Quorum comparison"), choices=Comparison.choices, required=False
    )
    threshold = forms.CharField(label=_("Pass threshold"), required=False, initial="2/3")
    threshold_comparison = forms.ChoiceField(
        label=_("Threshold comparison"), choices=Comparison.choices, required=False
    )
    threshold_base = forms.ChoiceField(
        label=_("Threshold counts"), choices=ThresholdBase.choices, required=False
    )
    abstentions_count_as_present = forms.BooleanField(
        label=_("Abstentions count as present"), required=False, initial=True
    )
    extraordinary_share = forms.CharField(
        label=_("Share of seats that may call an extraordinary meeting"), required=False, initial="1/4"
    )
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput)


class SeatForm(StyledForm):
    organisation = forms.CharField(
        label=_("Member organisation (credit code; empty for an individual expert)"),
        max_length=18,
        required=False,
    )
    holder_name = forms.CharField(label=_("Representative or expert"), max_length=100)
    representative = forms.CharField(label=_("Account that votes (username)"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=SeatRole.choices, initial=SeatRole.MEMBER)
    term_start = forms.DateField(label=_("Term start"), widget=DateInput)
    term_end = forms.DateField(label=_("Term end"), widget=DateInput, required=False)


class EndForm(StyledForm):
    on = forms.DateField(label=_("Date"), widget=DateInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class StaffForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    position = forms.CharField(label=_("Position"), max_length=100)
    full_time = forms.BooleanField(label=_("Full-time"), required=False, initial=True)
    since = forms.DateField(label=_("Since"), widget=DateInput)
    employer = forms.CharField(label=_("Employer (credit code)"), max_length=18, required=False)
    employer_name = forms.CharField(label=_("Employer (if not registered)"), max_length=200, required=False)


class LiabilityForm(StyledForm):
    organisation = forms.CharField(label=_("Member bearing external liability (credit code)"), max_length=18)
    since = forms.DateField(label=_("Since"), widget=DateInput)
