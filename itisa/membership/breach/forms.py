"""Forms of the breach pages: serving a notice, the member's report, the secretariat's steps, the referral."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.membership.choices import BreachStatus, Remedy
from itisa.membership.forms import VoteForm
from itisa.membership.models import Membership
from itisa.membership.services.inputs import BreachInput, ReferralInput
from itisa.ui.forms import StyledForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BreachFilterForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *BreachStatus.choices]
    )
    organisation = forms.CharField(label=_("Credit code"), required=False, max_length=18)


class ServeForm(StyledForm):
    """Serve a notice of breach: the member, the clause (offered from the agreement's list), the facts."""

    membership = forms.ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    clause = forms.CharField(
        label=_("Clause breached"),
        max_length=300,
        help_text=_("One of the breaches the agreement lists, or describe another."),
        widget=forms.TextInput(attrs={"list": "breach-clauses"}),
    )
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs={"rows": 4}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, alliance: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (  # type: ignore[attr-defined]
            Membership.objects.active()
            .filter(alliance=alliance)
            .select_related("organisation")
            .order_by("pk")
        )
        self.fields["membership"].label_from_instance = lambda m: m.organisation.name_zh  # type: ignore[attr-defined]

    def to_input(self) -> BreachInput:
        return BreachInput(clause=self.cleaned_data["clause"], facts=self.cleaned_data["facts"])


class TextForm(StyledForm):
    """One text: the member's report, the evidence, or a reason."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["text"].label = label


class ReferForm(VoteForm):
    """Refer a lapsed breach to a decision body: the remedies put to its ballot."""

    remedies = forms.MultipleChoiceField(
        label=_("Remedies proposed"), choices=Remedy.choices, widget=forms.CheckboxSelectMultiple
    )
    suspend_from = forms.DateField(label=_("Rights suspended from"), required=False, widget=DATE)
    suspend_until = forms.DateField(label=_("Rights suspended until"), required=False, widget=DATE)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def to_input(self) -> ReferralInput:
        d = self.cleaned_data
        return ReferralInput(
            remedies=list(d["remedies"]),
            suspend_from=d.get("suspend_from"),
            suspend_until=d.get("suspend_until"),
            deadline=d["deadline"],
            comment=d.get("comment") or "",
        )
