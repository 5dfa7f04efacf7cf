"""Forms of the representatives pages. A person is given by username or e-mail address
(``selectors.find_person``); the field's error says when no account matches."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.accounts.models import User
from itisa.representatives.choices import Function
from itisa.representatives.selectors import find_person
from itisa.ui.forms import StyledForm

PERSON_HELP = _("The person's username or e-mail address; they need an account.")


def _person(value: str) -> User:
    user = find_person(value)
    if user is None:
        raise forms.ValidationError(_("No active account with this username or e-mail address."))
    return user


class ApplyForm(StyledForm):
    person = forms.CharField(label=_("Person"), max_length=254, required=False,
                             help_text=_("Leave empty to apply yourself; otherwise the username or e-mail address "
                                         "of the person you propose."))  # fmt: skip
    statement = forms.CharField(label=_("Mandate"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("How the organisation appointed this person, e.g. the letter of appointment "
                                            "signed by its legal representative."))  # fmt: skip

    def clean_person(self) -> User | None:
        value = self.cleaned_data.get("person") or ""
        return _person(value) if value.strip() else None


class NameForm(StyledForm):
    function = forms.ChoiceField(label=_("Function"))
    person = forms.CharField(label=_("Person"), max_length=254, help_text=PERSON_HELP)
    legal_name = forms.CharField(label=_("Name as on the business licence"), max_length=100, required=False,
                                 help_text=_("For a legal representative only; the account's name when empty."))  # fmt: skip

    def __init__(self, *args: Any, functions: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["function"].choices = [(f.value, f.label) for f in Function if f.value in functions]  # type: ignore[attr-defined]

    def clean_person(self) -> User:
        return _person(self.cleaned_data.get("person") or "")


class RemoveForm(StyledForm):
    function = forms.ChoiceField(label=_("Function"), choices=Function.choices, widget=forms.HiddenInput)
    person = forms.CharField(label=_("Person"), max_length=150, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_person(self) -> User:
        return _person(self.cleaned_data.get("person") or "")


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class RejectForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
