"""Forms of the licensing pages; they build the services' typed inputs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.licensing.services import ReceiptInput
from itisa.ui.forms import MoneyField, StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ReceiptForm(StyledForm):
    received_on = forms.DateField(label=_("Received on"), **DATE)  # type: ignore[arg-type]
    amount = MoneyField(label=_("Amount (CNY)"), max_digits=16)
    memo = forms.CharField(label=_("Memo"), max_length=200, required=False)

    def to_input(self) -> ReceiptInput:
        d = self.cleaned_data
        return ReceiptInput(received_on=d["received_on"], amount=d["amount"], memo=d.get("memo") or "")


class ApproveForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
