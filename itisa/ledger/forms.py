"""Forms of the ledger pages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core.errors import DomainError
from itisa.core.values import ValueRefused, parse_typed_amount
from itisa.ledger.choices import AccountClass, EntryStatus, FundKind
from itisa.ledger.models import Account, Book, Chart, CostObject, Fund, JournalEntry, Posting
from itisa.ledger.rules import unbalanced_message
from itisa.ui.forms import MoneyField, StyledForm

# lines shown on a new entry; the form takes as many as are posted (up to MAX_LINES), and the page adds more
NEW_LINES = 4
MAX_LINES = 200
LINE_FIELDS = ("memo", "account", "fund", "project", "debit", "credit")
_LINE_KEY = re.compile(r"(memo|account|fund|project|debit|credit)_([0-9]{1,4})")


def _line_labels() -> dict[str, Any]:
    # the summary of errors names the line and the column: 第3行 借方金额: …
    return {
        "memo": _("Line %(n)s, summary"),
        "account": _("Line %(n)s, account"),
        "fund": _("Line %(n)s, fund"),
        "project": _("Line %(n)s, project"),
        "debit": _("Line %(n)s, debit amount"),
        "credit": _("Line %(n)s, credit amount"),
    }


@dataclass(frozen=True)
class Totals:
    """The debits and credits of the lines whose amounts can be read, and their difference."""

    debit: Decimal
    credit: Decimal

    @property
    def difference(self) -> Decimal:
        return self.debit - self.credit


class EntryForm(StyledForm):
    """An entry with as many lines as it needs, each a debit or a credit. Amounts are read as people type
    them (``core.values.parse_typed_amount``: ``1,200.50``, ``１２００``, ``¥1,200``); empty lines are
    ignored; a refusal names the line and the column. ``editing`` drops the idempotency key (an edit
    replaces the draft's lines)."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    memo = forms.CharField(label=_("Memo"), max_length=300)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, book: Book, editing: bool = False, spare: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["idempotency_key"]
        given = self.data if self.is_bound else self.initial
        found = [int(m.group(2)) for key in given if (m := _LINE_KEY.fullmatch(str(key)))]
        count = max(found) + 1 if found else 0
        self.too_many = count > MAX_LINES
        self.line_count = min(count + spare if count else NEW_LINES, MAX_LINES)
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
        labels = _line_labels()
        for i in range(self.line_count):
            n = {"n": i + 1}
            self.fields[f"memo_{i}"] = forms.CharField(
                label=labels["memo"] % n, required=False, max_length=200
            )
            self.fields[f"account_{i}"] = forms.ChoiceField(
                label=labels["account"] % n, choices=accounts, required=False
            )
            self.fields[f"fund_{i}"] = forms.ChoiceField(
                label=labels["fund"] % n, choices=funds, required=False
            )
            self.fields[f"project_{i}"] = forms.ChoiceField(
                label=labels["project"] % n, choices=projects, required=False
            )
            for side in ("debit", "credit"):
                self.fields[f"{side}_{i}"] = forms.CharField(
                    label=labels[side] % n, required=False, max_length=64
                )
            for name in LINE_FIELDS:
                field = self.fields[f"{name}_{i}"]
                field.widget.attrs["aria-label"] = str(field.label)
                if name == "memo":
                    field.widget.attrs["class"] = "form-control form-control-sm"
                elif name in ("debit", "credit"):
                    field.widget.attrs["class"] = "form-control form-control-sm text-end"
                    field.widget.attrs["inputmode"] = "decimal"
                    field.widget.attrs[f"data-{name}"] = "1"
                else:
                    field.widget.attrs["class"] = "form-select form-select-sm"
        self.lines_used: list[int] = []  # the form line of each posting handed to the service

    def rows(self) -> list[tuple[int, list[Any]]]:
        """Each line's number (from 1) and its bound fields, in the table's column order."""
        return [(i + 1, [self[f"{name}_{i}"] for name in LINE_FIELDS]) for i in range(self.line_count)]

    def _amount(self, i: int, side: str) -> Decimal | None:
        text = (self.cleaned_data.get(f"{side}_{i}") or "").strip()
        if not text:
            return None
        try:
            amount = parse_typed_amount(text, column=Posting._meta.get_field("amount"), negative=False)
        except ValueRefused as exc:
            self.add_error(f"{side}_{i}", exc.message)
            return None
        if amount == 0:
            self.add_error(f"{side}_{i}", _("A posting cannot be zero."))
            return None
        return amount

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._postings: list[dict[str, Any]] = []
        self.lines_used = []
        if self.too_many:
            self.add_error(None, _("An entry has at most %(n)s lines.") % {"n": MAX_LINES})
            return data
        for i in range(self.line_count):
            texts = [data.get(f"{name}_{i}") for name in ("memo", "account", "debit", "credit")]
            if not any(texts):
                continue  # an empty line (a fund or project chosen alone is not a line)
            # as typed, before a refused amount leaves cleaned_data
            typed_debit, typed_credit = data.get(f"debit_{i}"), data.get(f"credit_{i}")
            debit, credit = self._amount(i, "debit"), self._amount(i, "credit")
            if not data.get(f"account_{i}"):
                self.add_error(f"account_{i}", _("Choose an account."))
            if not data.get(f"fund_{i}"):
                self.add_error(f"fund_{i}", _("Choose a fund."))
            if typed_debit and typed_credit:
                self.add_error(f"credit_{i}", _("A posting is a debit or a credit, not both."))
            elif not (typed_debit or typed_credit):
                self.add_error(f"debit_{i}", _("Give a debit or a credit amount."))
            amount = debit if debit is not None else (-credit if credit is not None else None)
            if amount is not None:
                self._postings.append(
                    {"account": data.get(f"account_{i}", ""), "fund": data.get(f"fund_{i}", ""),
                     "amount": str(amount), "cost_object": data.get(f"project_{i}") or None,
                     "memo": data.get(f"memo_{i}", "")}
                )  # fmt: skip
                self.lines_used.append(i)
        if not self.errors:
            amounts = [Decimal(p["amount"]) for p in self._postings]
            if len(amounts) < 2:
                self.add_error(None, _("An entry has two or more postings."))
            elif sum(amounts, Decimal(0)) != 0:
                self.add_error(None, unbalanced_message(amounts))
        return data

    def postings(self) -> list[dict[str, Any]]:
        """The filled lines as postings for the service: a debit is positive, a credit negative."""
        return list(self._postings)

    def totals(self) -> Totals:
        """The totals of the amounts as typed that can be read (shown again when the form is refused)."""
        column = Posting._meta.get_field("amount")
        sums = {"debit": Decimal(0), "credit": Decimal(0)}
        given = self.data if self.is_bound else self.initial
        for i in range(self.line_count):
            for side in sums:
                try:
                    sums[side] += parse_typed_amount(str(given.get(f"{side}_{i}") or ""), column=column)
                except ValueRefused:
                    continue
        return Totals(sums["debit"], sums["credit"])

    def apply_domain_error(self, exc: DomainError) -> None:
        """A service refusal about ``postings.K.<field>`` goes under the line that posting came from."""
        unplaced = False
        for key, messages in exc.fields.items():
            target = self._field_of(key)
            for message in messages:
                self.add_error(target, message)
            unplaced = unplaced or (target is None and key != "postings")
        if unplaced and exc.message not in self.non_field_errors():
            self.add_error(None, exc.message)
        self._mark_invalid()

    def _field_of(self, key: str) -> str | None:
        if key in self.fields:
            return key
        parts = key.split(".")
        if len(parts) != 3 or parts[0] != "postings" or not parts[1].isdigit():
            return None
        k = int(parts[1])
        if k >= len(self.lines_used):
            return None
        i = self.lines_used[k]
        name = {"account": "account", "fund": "fund", "cost_object": "project", "memo": "memo"}.get(parts[2])
        if name is None and parts[2] == "amount":
            name = "debit" if self.cleaned_data.get(f"debit_{i}") else "credit"
        return f"{name}_{i}" if name else None


def entry_initial(entry: JournalEntry) -> dict[str, Any]:
    """A draft's date, memo and lines as the entry form's initial values (credits as positive amounts)."""
    initial: dict[str, Any] = {"date": entry.date, "memo": entry.memo}
    for i, p in enumerate(entry.postings.select_related("account").order_by("pk")):
        initial |= {
            f"memo_{i}": p.memo,
            f"account_{i}": p.account.code,
            f"fund_{i}": str(p.fund_id),
            f"project_{i}": str(p.cost_object_id or ""),
            f"debit_{i}": f"{p.amount:,.2f}" if p.amount > 0 else "",
            f"credit_{i}": f"{-p.amount:,.2f}" if p.amount < 0 else "",
        }
    return initial


class SendBackForm(StyledForm):
    """退回: why the entry goes back to its preparer (required)."""

    reason = forms.CharField(
        label=_("Reason for sending back"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


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
