"""Forms of the membership pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.governance.choices import BodyKind
from itisa.governance.models import Body
from itisa.membership.choices import ApplicationStatus, Rank
from itisa.membership.services.inputs import AdmissionInput
from itisa.registry.choices import OrganisationKind, Ownership
from itisa.ui.forms import StyledForm


class MemberAddForm(StyledForm):
    """Admit an organisation: named by its credit code or its exact Chinese name."""

    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Credit code or full Chinese name of a registered organisation."),
    )
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices, initial=Rank.ORDINARY)
    joined_on = forms.DateField(
        label=_("Joined on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"joined_on": timezone.localdate(), "rank": Rank.ORDINARY})
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.attrs.update(
            {"list": "organisation-options", "autocomplete": "off"}
        )


class MemberEndForm(StyledForm):
    """End a membership: the date and the reason, confirmed in a second step."""

    left_on = forms.DateField(
        label=_("Left on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    left_reason = forms.CharField(label=_("Reason for leaving"), widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"left_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MemberRankForm(StyledForm):
    """Change an active member's rank."""

    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices)


class ApplicationForm(StyledForm):
    """An organisation applies to join (Art. 8(6))."""

    name_zh = forms.CharField(label=_("Organisation name (Chinese)"), max_length=200)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    ownership = forms.ChoiceField(
        label=_("Ownership (enterprises only)"), choices=[("", "—"), *Ownership.choices], required=False
    )
    province = forms.ChoiceField(label=_("Province"), choices=Province.choices)
    region_code = forms.CharField(label=_("Region code (GB/T 2260)"), max_length=6)
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    legal_rep_name = forms.CharField(label=_("Legal representative"), max_length=100)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    intended_contribution = forms.CharField(
        label=_("Intended contribution (people, funds, equipment, results)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rank = forms.ChoiceField(label=_("Rank applied for"), choices=Rank.choices, initial=Rank.ORDINARY)

    def to_input(self) -> AdmissionInput:
        """The application, for ``application_submit``."""
        return AdmissionInput(**self.cleaned_data)


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ApplicationStatus.choices], required=False
    )
    q = forms.CharField(label=_("Search"), required=False)


class ReviewForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class VoteForm(StyledForm):
    body = forms.ModelChoiceField(label=_("Deciding body"), queryset=Body.objects.none())
    deadline = forms.DateTimeField(
        label=_("Voting deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, alliance: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            alliance=alliance, kind=BodyKind.DECISION
        ).order_by("pk")


class ExitForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    given_on = forms.DateField(
        label=_("Written notice dated"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ExpelForm(VoteForm):
    grounds = forms.CharField(label=_("Breach (grounds)"), widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
