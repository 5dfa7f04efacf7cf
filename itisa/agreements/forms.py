"""Forms of the agreement pages (the structured editor is read by ``editor``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.ui.forms import StyledForm


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AccessionForm(StyledForm):
    organisation = forms.CharField(
        label=_("Credit code of the acceding organisation"), max_length=18, min_length=18
    )


class SignatureForm(StyledForm):
    """A signature made on the signer's device (in this browser, from a key file, or with `itisa keys sign`)."""

    key_id = forms.CharField(label=_("Key id"), max_length=32)
    signature = forms.CharField(
        label=_("Signature (base64)"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
    organisation = forms.CharField(required=False, widget=forms.HiddenInput)


class KeyRegisterForm(StyledForm):
    """The public half of a key made in this browser or with `itisa keys new`."""

    organisation = forms.ChoiceField(label=_("Organisation you represent"))
    public_key = forms.CharField(
        label=_("Public key (PEM or base64)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    origin = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, organisations: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = organisations


class KeyConfirmForm(StyledForm):
    identity_check = forms.CharField(
        label=_("How you checked the holder's identity"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
