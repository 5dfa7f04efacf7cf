"""Forms of the governance page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.governance.choices import (
    BodyType,
    Comparison,
    Matter,
    MeetingKind,
    MeetingStatus,
    MotionStatus,
    ResolutionStatus,
    SeatRole,
    ThresholdBase,
    VoteChoice,
    VotingMethod,
)
from itisa.governance.models import Body, Meeting, Seat
from itisa.ui.forms import StyledForm

PRESET_CHOICES = [
    ("two_thirds_present", _("Quorum 2/3 of seats; 2/3 of those present")),
    ("majority_quorum_two_thirds_present", _("Quorum more than 1/2; 2/3 of those present")),
    ("simple_majority_present", _("Quorum more than 1/2; more than 1/2 of those present")),
    ("two_thirds_of_votes_cast", _("Quorum 2/3 of seats; 2/3 of the votes cast")),
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
    notice_days = forms.IntegerField(
        label=_("Meeting notice (days)"), min_value=0, max_value=365, initial=7, required=False
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


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class MeetingForm(StyledForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    kind = forms.ChoiceField(label=_("Meeting kind"), choices=MeetingKind.choices)
    title_zh = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput, input_formats=DATETIME_FORMATS)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    requested_by = forms.ModelMultipleChoiceField(
        label=_(
            "Requested by seats (an extraordinary meeting called by seats; empty when the chair convenes)"
        ),
        queryset=Seat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, alliance: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(alliance=alliance).order_by("pk")  # type: ignore[attr-defined]
        self.fields["requested_by"].queryset = seats  # type: ignore[attr-defined]
        self.fields["requested_by"].widget.attrs["class"] = ""


class MotionForm(StyledForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title_zh = forms.CharField(label=_("Title"), max_length=200)
    text_zh = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    method = forms.ChoiceField(
        label=_("Voting method"), choices=VotingMethod.choices, initial=VotingMethod.BALLOT
    )
    matter = forms.ChoiceField(
        label=_("Matter (decided by the body's rules for it)"),
        choices=Matter.choices,
        initial=Matter.ORDINARY,
        required=False,
    )
    deadline = forms.DateTimeField(
        label=_("Deadline (ballots)"), widget=DateTimeInput, input_formats=DATETIME_FORMATS, required=False
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting (motions voted in a meeting)"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args: Any, alliance: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(alliance=alliance).order_by("pk")  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            body__alliance=alliance, status=MeetingStatus.SCHEDULED
        ).select_related("body")

    def clean_matter(self) -> str:
        # not sent (an older client): an ordinary matter
        return str(self.cleaned_data.get("matter") or Matter.ORDINARY)


class VoteForm(StyledForm):
    choice = forms.ChoiceField(label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect)
    # the seat voted for (one ballot per seat the voter may vote for)
    seat = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # a vote is cast in two steps: the choice, then its confirmation (a vote cannot be changed)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class VetoForm(StyledForm):
    """A seat's veto of a passed motion within its window (DESCA 6.3.4), confirmed in a second step."""

    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none(), empty_label=None)
    reason = forms.CharField(
        label=_("How the decision would severely affect your seat's legitimate interests"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats  # type: ignore[attr-defined]


class MinuteObjectionForm(StyledForm):
    """A seat's objection to the circulated minutes within the window (DESCA 6.2.5), confirmed in a second step."""

    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none(), empty_label=None)
    reason = forms.CharField(label=_("What the minutes get wrong"), widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats  # type: ignore[attr-defined]


class ProxyForm(StyledForm):
    """Name a seat's proxy for one meeting."""

    seat = forms.ModelChoiceField(label=_("Seat"), queryset=Seat.objects.none(), empty_label=None)
    holder = forms.CharField(label=_("Proxy holder (username)"), max_length=150)
    document = forms.CharField(
        label=_("Written proxy (when the secretariat records it)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats  # type: ignore[attr-defined]


class ConfirmForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AttendanceForm(StyledForm):
    seats = forms.ModelMultipleChoiceField(
        label=_("Seats present"), queryset=Seat.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, seats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seats"].queryset = seats  # type: ignore[attr-defined]
        self.fields["seats"].widget.attrs["class"] = ""


class MinutesForm(StyledForm):
    minutes_zh = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 8}))


class ResolutionAssignForm(StyledForm):
    responsible = forms.CharField(label=_("Responsible (unit or person)"), max_length=200, required=False)
    responsible_user = forms.CharField(
        label=_("Responsible account (username)"), max_length=150, required=False
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput, required=False)


class ResolutionUpdateForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=ResolutionStatus.choices)
    note = forms.CharField(
        label=_("Execution note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MotionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *MotionStatus.choices], required=False
    )
    body = forms.IntegerField(required=False)
