"""Forms of the shared pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from itisa.ui.forms import StyledForm


class LoginForm(AuthenticationForm):
    """Django's login form with Bootstrap classes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class TokenCreateForm(StyledForm):
    """Name a new API token."""

    name = forms.CharField(label=_("Token name"), max_length=100)
