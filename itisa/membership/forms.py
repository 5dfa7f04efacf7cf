"""Forms of the membership pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.membership.choices import Rank
from itisa.registry.forms import StyledForm


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
