"""Forms of the ledger pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core.values import ValueRefused, parse_amount
from itisa.ledger.choices import AccountClass, EntryStatus, FundKind
from itisa.ledger.models import Account, Book, Chart, CostObject, Fund, Posting
from itisa.ui.forms import MoneyField, StyledForm

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
        # the projects of this alliance (cost objects of this book) a posting may be for: the open ones
        projects = [("", "—")] + [
            (str(c.pk), f"{c.code} {c.name_zh}")
            for c in CostObject.objects.filter(book=book, closed_at__isnull=True).order_by("code")
        ]
        for i in range(ROWS):
            self.fields[f"account_{i}"] = forms.ChoiceField(
                label=_("Account"), choices=accounts, required=False
            )
            self.fields[f"fund_{i}"] = forms.ChoiceField(label=_("Fund"), choices=funds, required=False)
            # as typed (not stripped): postings() checks them as the API does
            self.fields[f"debit_{i}"] = forms.CharField(label=_("Debit"), required=False, strip=False)
            self.fields[f"credit_{i}"] = forms.CharField(label=_("Credit"), required=False, strip=False)
            self.fields[f"project_{i}"] = forms.ChoiceField(
                label=_("Project"), choices=projects, required=False
            )
        for name, field in self.fields.items():
            if name.startswith(("account_", "fund_", "project_")):
                field.widget.attrs["class"] = "form-select form-select-sm"
            elif name.startswith(("debit_", "credit_")):
                field.widget.attrs["class"] = "form-control form-control-sm text-end"
                field.widget.attrs["inputmode"] = "decimal"

    def rows(self) -> list[list[Any]]:
        return [
            [
                self[f"account_{i}"],
                self[f"fund_{i}"],
                self[f"project_{i}"],
                self[f"debit_{i}"],
                self[f"credit_{i}"],
            ]
            for i in range(ROWS)
        ]

    def postings(self) -> list[dict[str, str]]:
        """The filled rows as postings: a debit is positive, a credit negative (the service checks them;
        an amount that is not one is refused here, under its field, with the service's message)."""
        out = []
        d = self.cleaned_data
        column = Posting._meta.get_field("amount")
        for i in range(ROWS):
            debit, credit = d.get(f"debit_{i}", ""), d.get(f"credit_{i}", "")
            if not (d.get(f"account_{i}") or debit or credit):
                continue
            amount = debit if debit else (f"-{credit}" if credit else "")
            if debit and credit:
                self.add_error(f"credit_{i}", _("A posting is a debit or a credit, not both."))
            for name, text in ((f"debit_{i}", debit), (f"credit_{i}", credit)):
                try:
                    if text:
                        parse_amount(text, column=column)
                except ValueRefused as exc:
                    self.add_error(name, exc.message)
            out.append(
                {
                    "account": d.get(f"account_{i}", ""), "fund": d.get(f"fund_{i}", ""), "amount": amount,
                    "cost_object": d.get(f"project_{i}") or None,
                }
            )  # fmt: skip
        return out


class EntryFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", _("All")), *EntryStatus.choices], required=False)


# --- the setup page: one form per action (the ``action`` field the page posts picks the form) ---


class BookOpenForm(StyledForm):
    """Open the book: the chart of accounts, and the amount above which an entry needs a second approval."""

    chart = forms.ModelChoiceField(
        label=_("Chart of accounts"),
        queryset=Chart.objects.order_by("code"),
        error_messages={
            "required": _("Choose a chart of accounts."),
            "invalid_choice": _("Choose a chart of accounts."),
        },
    )
    second_approval_above = MoneyField(label=_("Second approval above (CNY)"), required=False, max_digits=16)


class BookEntrustForm(StyledForm):
    """Entrust the books to the host unit's finance staff ("1") or take them back ("0")."""

    entrusted = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1", widget=forms.HiddenInput
    )


class FundForm(StyledForm):
    """A source of funds (the service checks that a government grant names its granting department)."""

    kind = forms.ChoiceField(label=_("Kind of fund"), choices=FundKind.choices)
    name_zh = forms.CharField(label=_("Name"), max_length=200)
    granting_department = forms.CharField(label=_("Granting department"), max_length=200, required=False)
    project = forms.CharField(label=_("Project"), max_length=200, required=False)


class BudgetForm(StyledForm):
    """A budget line: a fund of the book, a year, an expense category and an amount in CNY (to the fen)."""

    fund = forms.ModelChoiceField(
        label=_("Fund"),
        queryset=Fund.objects.none(),
        error_messages={
            "required": _("No such fund in this book."),
            "invalid_choice": _("No such fund in this book."),
        },
    )
    year = forms.IntegerField(label=_("Year"), error_messages={"invalid": _("Not a number.")})
    account = forms.ChoiceField(label=_("Expense category"))
    amount = MoneyField(label=_("Budget (CNY)"), max_digits=16)

    def __init__(self, *args: Any, book: Book, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.filter(book=book).order_by("pk")  # type: ignore[attr-defined]
        self.fields["account"].choices = [  # type: ignore[attr-defined]
            (a.code, f"{a.code} {a.name_zh}")
            for a in book.chart.accounts.filter(account_class=AccountClass.EXPENSE, closed=False).order_by(
                "code"
            )
        ]
        self.initial.setdefault("year", timezone.localdate().year)


# --- the ledger page and the reports ---


class PeriodCloseForm(StyledForm):
    """Close a month (YYYY-MM), once the keeper confirms that nothing may post into it any more."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        error_messages={
            "required": _("Choose a month (YYYY-MM)."),
            "invalid": _("Choose a month (YYYY-MM)."),
        },
    )
    confirmed = forms.BooleanField(
        error_messages={"required": _("Confirm that nothing may post into the month any more.")}
    )


class ReportPeriodForm(forms.Form):
    """The period of the statements: from the start of this year to today unless given (YYYY-MM-DD)."""

    start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def period(self) -> tuple[dt.date, dt.date, list[str]]:
        """The start and end (a bad date falls back to its default) and the messages to show about them."""
        today = timezone.localdate()
        self.is_valid()
        errors: list[str] = [
            str(_("Not a date (YYYY-MM-DD): %(text)s") % {"text": self.data.get(name, "")})
            for name in ("start", "end")
            if name in self.errors
        ]
        data = getattr(self, "cleaned_data", {})
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or today
        if end < start:
            errors.append(str(_("The period ends before it starts.")))
            end = start
        return start, end, errors
