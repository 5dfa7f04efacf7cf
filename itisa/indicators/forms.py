"""The form of a self-reported indicator value: the value as written (read by ``core.values``' amount
rule in the service), what proves it, and a note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.ui.forms import StyledForm


class ReportForm(StyledForm):
    value = forms.CharField(
        label=_("Value"),
        max_length=64,
        help_text=_("Digits with an optional decimal point, e.g. 1200000.50."),
    )
    evidence = forms.CharField(
        label=_("Evidence"), max_length=500,
        help_text=_("What proves the value: a document's number, an address, a statement."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
