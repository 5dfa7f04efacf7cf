"""Excel import of journal entries (记账凭证) from the documented template (``template_sheets``).

One row is one line of a voucher; the rows with the same voucher number make one entry (the file's own
numbering: the book numbers an entry when it is posted). The voucher's date and memo are given on its first
row (later rows may leave them empty, or repeat them). Each line names a leaf account of the book's chart
by its code, a fund by its name, a debit or a credit (never both; ``1,200.50`` reads as typed on the entry
form), and optionally a project (cost object) by its code and a summary of its own.

Every voucher is prepared through ``entry_draft`` like an entry typed on the form, so every rule holds:
the debits equal the credits (a refusal names both totals), accounts open and without sub-accounts, funds
and projects of this book, no closed period. Entries are drafts, never posted: each goes through the
book's approval like any other. ``entries_preview`` runs every voucher through the service and keeps
nothing; ``entries_import`` prepares every voucher or none. A refusal names the row and the column
(``row 3``, ``Debit amount: …``); one about the voucher as a whole (it does not balance) is on its first row.

Each voucher's idempotency key is a digest of its number and content: the same voucher imported twice
(the file uploaded again) is refused rather than prepared twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.formats import day
from itisa.core.imports import (
    Column,
    ImportRow,
    RowsRefused,
    column_problem,
    parse_date,
    raise_refused,
    read_template,
    write_rows,
)
from itisa.core.imports import template_sheets as _template_sheets
from itisa.core.values import ValueRefused, parse_typed_amount
from itisa.ledger.models import Account, Book, CostObject, Fund, JournalEntry, Posting
from itisa.ledger.permissions import can_keep_books
from itisa.ledger.services import entry_draft

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MAX_VOUCHER = 20  # characters of a voucher number
MAX_MEMO = JournalEntry._meta.get_field("memo").max_length or 300
MAX_LINE_MEMO = Posting._meta.get_field("memo").max_length or 200

COLUMNS = [
    Column("voucher", gettext_lazy("Voucher number"), True,
           gettext_lazy("Rows with the same number make one entry (this file's own numbering; the book numbers "
                        "an entry when it is posted)"), "1"),
    Column("date", gettext_lazy("Date"), True,
           gettext_lazy("YYYY-MM-DD, on the voucher's first row (later rows may leave it empty); not in a "
                        "closed period"), "2026-02-03"),
    Column("memo", gettext_lazy("Memo"), True,
           gettext_lazy("The entry's summary, on the voucher's first row (later rows may leave it empty)"),
           "收到甲公司2026年会费"),
    Column("account", gettext_lazy("Account code"), True,
           gettext_lazy("An account of the book's chart without sub-accounts, e.g. 1002"), "1002"),
    Column("fund", gettext_lazy("Fund"), True,
           gettext_lazy("The fund's name as on the book's setup page"), "会费"),
    Column("debit", gettext_lazy("Debit amount"), False,
           gettext_lazy("A debit or a credit on each row, not both: 1200, 1,200.50"), "20,000.00"),
    Column("credit", gettext_lazy("Credit amount"), False,
           gettext_lazy("A debit or a credit on each row, not both: 1200, 1,200.50"), ""),
    Column("project", gettext_lazy("Project"), False,
           gettext_lazy("The code of the project (cost object) the line is spent on, if any"), ""),
    Column("line_memo", gettext_lazy("Line summary"), False,
           gettext_lazy("The line's own summary, if it needs one"), ""),
]  # fmt: skip
LABELS: dict[str, Any] = {c.code: c.label for c in COLUMNS}
# a refused posting's field -> the column it came from (an amount's column is its side)
_POSTING_COLUMNS = {"account": "account", "fund": "fund", "cost_object": "project", "memo": "line_memo"}


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (each column named in Chinese and English, one example row) and
    a sheet explaining each column."""
    return _template_sheets("entries", COLUMNS, bilingual=True, widths=(20, 28, 8, 90))


@dataclass(frozen=True)
class Voucher:
    """One voucher of the file, ready for ``entry_draft``: its number, date, memo and postings, the file's
    row of each posting, and its idempotency key."""

    number: str
    date: dt.date
    memo: str
    postings: list[dict[str, Any]]
    rows: list[int]

    @property
    def key(self) -> str:
        content = json.dumps(
            [self.number, self.date.isoformat(), self.memo, self.postings], ensure_ascii=False
        )
        return "import-" + hashlib.sha256(content.encode()).hexdigest()[:48]


@dataclass(frozen=True)
class _Book:
    """What the rows are checked against: the book's funds by name, projects by code, accounts' names."""

    funds: dict[str, Fund]
    projects: dict[str, CostObject]
    accounts: dict[str, str]


def _amount(text: str, column: str, problems: list[str]) -> Decimal | None:
    if not text:
        return None
    try:
        amount = parse_typed_amount(text, column=Posting._meta.get_field("amount"), negative=False)
    except ValueRefused as exc:
        problems.append(column_problem(LABELS[column], exc.message))
        return None
    if amount == 0:
        problems.append(column_problem(LABELS[column], _("A posting cannot be zero.")))
        return None
    return amount


def _line(number: int, cells: dict[str, Any], book: _Book) -> tuple[ImportRow, dict[str, Any] | None]:
    """A row read on its own: the row (values and problems) and its posting, if it has no problem."""
    problems: list[str] = []
    values = {c.code: str(cells.get(c.code, "")).strip() for c in COLUMNS if c.code != "date"}
    for code in ("voucher", "account", "fund"):
        if values[code] == "":
            problems.append(_("%(column)s: required.") % {"column": LABELS[code]})
    if len(values["voucher"]) > MAX_VOUCHER:
        problems.append(
            _("%(column)s: at most %(n)s characters.") % {"column": LABELS["voucher"], "n": MAX_VOUCHER}
        )
    fund = book.funds.get(values["fund"])
    if values["fund"] and fund is None:
        problems.append(_("%(column)s: the book has no fund named %(name)s.")
                        % {"column": LABELS["fund"], "name": values["fund"]})  # fmt: skip
    project = book.projects.get(values["project"])
    if values["project"] and project is None:
        problems.append(_("%(column)s: the book has no project %(code)s.")
                        % {"column": LABELS["project"], "code": values["project"]})  # fmt: skip
    for code, limit in (("memo", MAX_MEMO), ("line_memo", MAX_LINE_MEMO)):
        if len(values[code]) > limit:
            problems.append(_("%(column)s: at most %(n)s characters.") % {"column": LABELS[code], "n": limit})
    debit = _amount(values["debit"], "debit", problems)
    credit = _amount(values["credit"], "credit", problems)
    if values["debit"] and values["credit"]:
        problems.append(column_problem(LABELS["credit"], _("A posting is a debit or a credit, not both.")))
    elif not (values["debit"] or values["credit"]):
        problems.append(column_problem(LABELS["debit"], _("Give a debit or a credit amount.")))
    date = parse_date(cells.get("date", ""), str(LABELS["date"]), problems)
    values["date"] = date.isoformat() if date else ""
    for side, amount in (("debit", debit), ("credit", credit)):
        values[side] = f"{amount:.2f}" if amount is not None else values[side]
    shown = {
        **values,
        "account": f"{values['account']} {book.accounts[values['account']]}"
        if values["account"] in book.accounts
        else values["account"],
        "debit": f"{debit:,.2f}" if debit is not None else values["debit"],
        "credit": f"{credit:,.2f}" if credit is not None else values["credit"],
    }
    row = ImportRow(number, shown, problems, values=values)
    if problems or fund is None:
        return row, None
    amount = debit if debit is not None else -(credit or Decimal(0))
    return row, {
        "account": values["account"], "fund": str(fund.pk), "amount": str(amount),
        "cost_object": str(project.pk) if project else None, "memo": values["line_memo"],
    }  # fmt: skip


def _voucher(number: str, lines: list[tuple[ImportRow, dict[str, Any] | None]]) -> None:
    """Check the voucher's rows together (one date, one memo) and give its first row the voucher."""
    first = lines[0][0]
    found: dict[str, str] = {}
    for code in ("date", "memo"):
        given = [(row.number, row.values[code]) for row, _p in lines if row.values[code]]
        if not given:
            first.problems.append(_("%(column)s: required.") % {"column": LABELS[code]})
            continue
        found[code] = given[0][1]
        for row, _p in lines:
            if row.values[code] and row.values[code] != found[code]:
                row.problems.append(
                    _("%(column)s: not the voucher's (%(value)s, on row %(row)s).")
                    % {"column": LABELS[code], "value": found[code], "row": given[0][0]}
                )
    if any(row.problems for row, _p in lines):
        return
    first.data = Voucher(
        number, dt.date.fromisoformat(found["date"]), found["memo"], [p for _r, p in lines if p is not None],
        [row.number for row, _p in lines],
    )  # fmt: skip


def _placed(exc: DomainError, voucher: Voucher) -> dict[int, list[str]]:
    """``entry_draft``'s refusal, each reason on the row and under the column it is about."""
    first = voucher.rows[0]
    placed: dict[int, list[str]] = {}
    for field, messages in exc.fields.items():
        match = re.fullmatch(r"postings\.(\d+)\.(\w+)", field)
        if match and int(match.group(1)) < len(voucher.rows):
            index = int(match.group(1))
            side = "debit" if Decimal(voucher.postings[index]["amount"]) > 0 else "credit"
            code = _POSTING_COLUMNS.get(match.group(2), side)
            placed.setdefault(voucher.rows[index], []).extend(
                column_problem(LABELS[code], m) for m in messages
            )
        elif field == "postings":
            placed.setdefault(first, []).extend(
                column_problem(f"{LABELS['voucher']} {voucher.number}", m) for m in messages
            )
        else:
            placed.setdefault(first, []).extend(column_problem(LABELS.get(field, field), m) for m in messages)
    return placed or {first: [exc.message]}


def entry_rows(*, by: User, book: Book, data: bytes, dry_run: bool) -> list[ImportRow]:
    """Read the file and prepare every voucher through ``entry_draft``: kept only if no row is refused
    and not ``dry_run``. A file that cannot be read raises a ``DomainError``."""
    decision = can_keep_books(by, book.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(
        data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, bilingual=True, refuse_formulas=True
    )
    codes = {str(cells.get("account", "")).strip() for _n, cells in sheet.rows}
    known = _Book(
        funds={f.name_zh: f for f in Fund.objects.filter(book=book)},
        projects={c.code: c for c in CostObject.objects.filter(book=book)},
        accounts=dict(
            Account.objects.filter(chart=book.chart, code__in=codes).values_list("code", "name_zh")
        ),
    )
    vouchers: dict[str, list[tuple[ImportRow, dict[str, Any] | None]]] = {}
    rows = []
    for number, cells in sheet.rows:
        row, posting = _line(number, cells, known)
        rows.append(row)
        if row.values["voucher"]:
            vouchers.setdefault(row.values["voucher"], []).append((row, posting))
    for voucher_number, lines in vouchers.items():
        _voucher(voucher_number, lines)

    def write(voucher: Voucher) -> JournalEntry:
        try:
            entry, created = entry_draft(
                by=by, book=book, date=voucher.date, memo=voucher.memo, postings=voucher.postings,
                idempotency_key=voucher.key,
            )  # fmt: skip
        except PermissionDenied:
            raise
        except DomainError as exc:
            raise RowsRefused(exc.message, rows=_placed(exc, voucher)) from exc
        if not created:
            reason = _("%(column)s %(voucher)s: this voucher was imported already (the entry of %(date)s, "
                       "%(memo)s).") % {"column": LABELS["voucher"], "voucher": voucher.number,
                                        "date": day(entry.date), "memo": entry.memo}  # fmt: skip
            raise RowsRefused(reason, rows={voucher.rows[0]: [reason]})
        return entry

    write_rows(rows, write, dry_run=dry_run, labels=LABELS)
    return rows


def entries_preview(*, by: User, book: Book, data: bytes) -> list[ImportRow]:
    """Every row with the values read and its reasons; nothing is written."""
    return entry_rows(by=by, book=book, data=data, dry_run=True)


def entries_import(*, by: User, book: Book, data: bytes) -> list[JournalEntry]:
    """Prepare every voucher of the file as a draft entry, or none: ``ImportRefused`` lists each refused
    row's number (the file's own, the header being row 1) and reasons."""
    rows = entry_rows(by=by, book=book, data=data, dry_run=False)
    raise_refused(rows)
    return [row.done for row in rows if row.done is not None]
