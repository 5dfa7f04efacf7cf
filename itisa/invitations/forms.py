"""Forms of the invitation pages; the create form builds the service's typed input (``to_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.invitations.choices import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS, InvitationStatus
from itisa.invitations.services import InvitationInput
from itisa.ui.forms import StyledForm

DAYS = {"label": _("Valid for (days)"), "min_value": MIN_DAYS, "max_value": MAX_DAYS, "initial": DEFAULT_DAYS}


class InvitationFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *InvitationStatus.choices],
                               required=False)  # fmt: skip
    alliance = forms.ChoiceField(label=_("Alliance"), required=False)

    def __init__(self, *args: Any, alliances: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alliance"].choices = [("", _("All alliances")), *alliances]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, str]:
        """The valid filters (an invalid one is dropped, and shown as the form's error)."""
        d = getattr(self, "cleaned_data", {})
        return {"status": d.get("status") or "", "alliance": d.get("alliance") or ""}


class InvitationForm(StyledForm):
    email = forms.CharField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"))
    alliance = forms.ChoiceField(label=_("Alliance"), required=False)
    organisation = forms.CharField(
        label=_("Member's credit code"), max_length=18, required=False,
        help_text=_("For a member contact or a legal representative: the member organisation they act for."),
    )  # fmt: skip
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *Province.choices], required=False)
    industry = forms.ChoiceField(label=_("Industry"), choices=[("", "—"), *Industry.choices], required=False)
    department = forms.CharField(label=_("Granting department"), max_length=200, required=False)
    days = forms.IntegerField(**DAYS)  # type: ignore[arg-type]
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, roles: list[str], alliances: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]  # type: ignore[attr-defined]
        self.fields["alliance"].choices = [("", "—"), *alliances]  # type: ignore[attr-defined]

    def to_input(self) -> InvitationInput:
        d = self.cleaned_data
        return InvitationInput(
            email=d["email"], role=d["role"], alliance=d.get("alliance") or "",
            organisation=d.get("organisation") or "", province=d.get("province") or "",
            industry=d.get("industry") or "", department=d.get("department") or "", days=d["days"],
            language=d["language"],
        )  # fmt: skip


class ResendForm(StyledForm):
    days = forms.IntegerField(**DAYS)  # type: ignore[arg-type]
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SignupForm(StyledForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Your name"), max_length=100)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data
