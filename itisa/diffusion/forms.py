"""Forms of diffusion and the catalogue. They parse; the services decide."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.diffusion.choices import MANUAL_MEANS, Licensing, ListingStatus, Means, ObligationStatus
from itisa.diffusion.services import DiffusionInput, EnquiryInput, ListingInput
from itisa.results.choices import ResultKind
from itisa.ui.forms import StyledForm

# an enquiry sent sooner than this after the form was shown is a robot's; a form older than a day is stale
MIN_SECONDS, MAX_SECONDS = 3, 86400
_SALT = "itisa.diffusion.enquiry"


class _Filters(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            field.widget.attrs["aria-label"] = str(field.label or "")


class CatalogueSearchForm(_Filters):
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *ResultKind.choices], required=False, label=_("Kind")
    )
    industry = forms.ChoiceField(choices=[("", _("All industries")), *Industry.choices], required=False,
                                 label=_("Industry"))  # fmt: skip
    province = forms.ChoiceField(choices=[("", _("All provinces")), *Province.choices], required=False,
                                 label=_("Province"))  # fmt: skip
    licensing = forms.ChoiceField(choices=[("", _("Any licensing")), *Licensing.choices], required=False,
                                  label=_("Licensing"))  # fmt: skip


class ObligationFilterForm(_Filters):
    status = forms.ChoiceField(choices=[("", _("All statuses")), *ObligationStatus.choices], required=False,
                               label=_("Status"))  # fmt: skip
    department = forms.CharField(required=False, max_length=200, label=_("Granting department"))


class ListingFilterForm(_Filters):
    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    status = forms.ChoiceField(choices=[("", _("All statuses")), *ListingStatus.choices], required=False,
                               label=_("Status"))  # fmt: skip


class ListingForm(StyledForm):
    abstract_zh = forms.CharField(
        label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )
    abstract_en = forms.CharField(label=_("Abstract (English)"), widget=forms.Textarea(attrs={"rows": 4}),
                                  max_length=2000, required=False)  # fmt: skip
    keywords = forms.CharField(label=_("Keywords"), max_length=300, required=False)
    show_owners = forms.BooleanField(label=_("Show the owners"), required=False, initial=True)
    show_number = forms.BooleanField(label=_("Show the registration number"), required=False, initial=True)
    contact = forms.BooleanField(label=_("Accept enquiries from the public"), required=False, initial=True)

    def to_input(self) -> ListingInput:
        return ListingInput(**self.cleaned_data)


class DiffusionForm(StyledForm):
    means = forms.ChoiceField(
        label=_("Means"), choices=[(m.value, m.label) for m in Means if m in MANUAL_MEANS]
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    proof = forms.CharField(label=_("Proof"), max_length=300,
                            help_text=_("The address or DOI of the publication, the standard's number, or the offer's document."))  # fmt: skip

    def to_input(self) -> DiffusionInput:
        return DiffusionInput(**self.cleaned_data)


class MoveForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EnquiryForm(StyledForm):
    """A visitor's enquiry. ``website`` is a field people never see (a robot fills it); ``stamp`` is a signed
    time the form was shown (a robot posts at once, or replays an old form)."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))  # fmt: skip
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = signing.dumps(int(time.time()), salt=_SALT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            shown = int(signing.loads(data.get("stamp", ""), salt=_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            shown = 0
        age = time.time() - shown
        if data.get("website") or not MIN_SECONDS <= age <= MAX_SECONDS:
            raise forms.ValidationError(
                _("The enquiry could not be accepted: please reload the page and write again.")
            )
        return data

    def to_input(self) -> EnquiryInput:
        d = self.cleaned_data
        return EnquiryInput(name=d["name"], organisation=d.get("organisation") or "", email=d["email"],
                            phone=d.get("phone") or "", message=d["message"])  # fmt: skip
