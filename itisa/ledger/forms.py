"""Forms of the ledger pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.ledger.choices import EntryStatus
from itisa.ledger.models import Account, Book, Fund
from itisa.ui.forms import StyledForm

ROWS = 4


class EntryForm(StyledForm):
    """An entry with up to four postings, each a debit or a credit (amounts as typed, to the fen)."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    memo = forms.CharField(label=_("Memo"), max_length=300)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, book: Book, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accounts = [("", "—")] + [
            (a.code, f"{a.code} {a.name_zh}")
            for a in Account.objects.filter(chart=book.chart, closed=False, children__isnull=True).order_by(
                "code"
            )
        ]
        funds = [("", "—")] + [(str(f.pk), f.name_zh) for f in Fund.objects.filter(book=book).order_by("pk")]
        for i in range(ROWS):
            self.fields[f"account_{i}"] = forms.ChoiceField(
                label=_("Account"), choices=accounts, required=False
            )
            self.fields[f"fund_{i}"] = forms.ChoiceField(label=_("Fund"), choices=funds, required=False)
            self.fields[f"debit_{i}"] = forms.CharField(label=_("Debit"), required=False, max_length=20)
            self.fields[f"credit_{i}"] = forms.CharField(label=_("Credit"), required=False, max_length=20)
        for name, field in self.fields.items():
            if name.startswith(("account_", "fund_")):
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif name.startswith(("debit_", "credit_")):
                field.widget.attrs["class"] = "form-control form-control-sm text-end"
                field.widget.attrs["inputmode"] = "decimal"

    def rows(self) -> list[list[Any]]:
        return [
            [self[f"account_{i}"], self[f"fund_{i}"], self[f"debit_{i}"], self[f"credit_{i}"]]
            for i in range(ROWS)
        ]

    def postings(self) -> list[dict[str, str]]:
        """The filled rows as postings: a debit is positive, a credit negative (the service checks them)."""
        out = []
        d = self.cleaned_data
        for i in range(ROWS):
            debit, credit = d.get(f"debit_{i}", "").strip(), d.get(f"credit_{i}", "").strip()
            if not (d.get(f"account_{i}") or debit or credit):
                continue
            amount = debit if debit else (f"-{credit}" if credit else "")
            if debit and credit:
                self.add_error(f"credit_{i}", _("A posting is a debit or a credit, not both."))
            out.append(
                {"account": d.get(f"account_{i}", ""), "fund": d.get(f"fund_{i}", ""), "amount": amount}
            )
        return out


class EntryFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", _("All")), *EntryStatus.choices], required=False)
