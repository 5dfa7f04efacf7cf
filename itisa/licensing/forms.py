"""Forms of the licensing pages; they build the services' typed inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.licensing.choices import ContractKind
from itisa.licensing.services import ConsentInput, ContractInput, LicenceInput, ReceiptInput, TransferInput
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


MONTHS = [(str(m), str(m)) for m in range(1, 13)]


CONSENT_SLOTS = 4


class LicenceForm(StyledForm):
    """A licence; an exclusive one carries every owner's written consent (reference and date)."""

    result = forms.ChoiceField(label=_("Result"))
    licensee = forms.ChoiceField(label=_("Licensee (member)"), required=False)
    licensee_name = forms.CharField(
        label=_("Licensee (outside the alliance)"), max_length=200, required=False
    )
    licensee_uscc = forms.CharField(label=_("Licensee's credit code"), max_length=18, required=False)
    field_zh = forms.CharField(label=_("Field of use"), max_length=300)
    territory_zh = forms.CharField(label=_("Territory"), max_length=300)
    starts_on = forms.DateField(label=_("From"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Until"), **DATE)  # type: ignore[arg-type]
    upfront_fee = MoneyField(label=_("Upfront fee (CNY)"), max_digits=16, required=False)
    royalty_terms_zh = forms.CharField(
        label=_("Royalty terms"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    royalty_percent = MoneyField(label=_("Royalty (%)"), max_digits=5, required=False)
    report_months = forms.MultipleChoiceField(
        label=_("Royalty report months"), choices=MONTHS, required=False, widget=forms.CheckboxSelectMultiple
    )
    exclusive = forms.BooleanField(label=_("Exclusive licence"), required=False)

    def __init__(
        self, *args: Any, results: list[tuple[str, str]], members: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = results  # type: ignore[attr-defined]
        self.fields["licensee"].choices = members  # type: ignore[attr-defined]
        for i in range(1, CONSENT_SLOTS + 1):  # an exclusive licence: each owner's written consent
            self.fields[f"consent_org_{i}"] = forms.ChoiceField(
                label=_("Consenting owner %(n)s") % {"n": i}, choices=members, required=False
            )
            self.fields[f"consent_ref_{i}"] = forms.CharField(
                label=_("Consent document %(n)s") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"consent_on_{i}"] = forms.DateField(
                label=_("Consent given on %(n)s") % {"n": i},
                required=False,
                **DATE,  # type: ignore[arg-type]
            )
            self.fields[f"consent_org_{i}"].widget.attrs["class"] = "form-select"
            for name in (f"consent_ref_{i}", f"consent_on_{i}"):
                self.fields[name].widget.attrs["class"] = "form-control"

    def to_input(self) -> LicenceInput:
        d = self.cleaned_data
        return LicenceInput(
            result=int(d["result"]), licensee=int(d["licensee"]) if d.get("licensee") else None,
            licensee_name=d.get("licensee_name") or "", licensee_uscc=d.get("licensee_uscc") or "",
            field_zh=d["field_zh"], territory_zh=d["territory_zh"], starts_on=d["starts_on"], ends_on=d["ends_on"],
            upfront_fee=d["upfront_fee"] if d.get("upfront_fee") is not None else "0",
            royalty_terms_zh=d.get("royalty_terms_zh") or "", royalty_percent=d.get("royalty_percent"),
            report_months=[int(m) for m in d.get("report_months") or []], exclusive=bool(d.get("exclusive")),
            consents=[
                ConsentInput(organisation=int(d[f"consent_org_{i}"]), document_ref=d.get(f"consent_ref_{i}") or "",
                             given_on=d.get(f"consent_on_{i}"))
                for i in range(1, CONSENT_SLOTS + 1) if d.get(f"consent_org_{i}")
            ],
        )  # fmt: skip


class TransferForm(StyledForm):
    """A transfer of an owner's share of a result, notified to the other joint owners."""

    result = forms.ChoiceField(label=_("Result"))
    transferor = forms.ChoiceField(label=_("Transferor (an owner)"))
    transferee = forms.ChoiceField(label=_("Transferee"))
    price = MoneyField(label=_("Price (CNY)"), max_digits=16)
    contract_ref = forms.CharField(label=_("Contract"), max_length=200)
    notice_on = forms.DateField(label=_("Notice given on"), **DATE)  # type: ignore[arg-type]

    def __init__(
        self, *args: Any, results: list[tuple[str, str]], organisations: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = results  # type: ignore[attr-defined]
        self.fields["transferor"].choices = organisations  # type: ignore[attr-defined]
        self.fields["transferee"].choices = organisations  # type: ignore[attr-defined]

    def to_input(self) -> TransferInput:
        d = self.cleaned_data
        return TransferInput(result=int(d["result"]), transferor=int(d["transferor"]),
                             transferee=int(d["transferee"]), price=d["price"], contract_ref=d["contract_ref"],
                             notice_on=d["notice_on"])  # fmt: skip


class ObjectionForm(StyledForm):
    """A joint owner's objection to a transfer, within its window."""

    organisation = forms.ChoiceField(label=_("Joint owner"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = owners  # type: ignore[attr-defined]


class ContractForm(StyledForm):
    """A registered technology contract with its registration number and verified amount."""

    number = forms.CharField(label=_("Registration number"), max_length=16)
    kind = forms.ChoiceField(label=_("Kind"), choices=ContractKind.choices)
    verified_amount = MoneyField(label=_("Verified amount (CNY)"), max_digits=16)
    registered_on = forms.DateField(label=_("Registered on"), **DATE)  # type: ignore[arg-type]

    def to_input(self) -> ContractInput:
        d = self.cleaned_data
        return ContractInput(number=d["number"], kind=d["kind"], verified_amount=d["verified_amount"],
                             registered_on=d["registered_on"])  # fmt: skip
