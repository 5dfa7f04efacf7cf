"""Excel import of dues payments from a bank statement (the documented template, ``template_sheets``).

One row is one payment: the dues notice's number, the amount received, the day it was paid and the
bank's reference, recorded through ``invoice_mark_paid`` like a payment entered by hand (so every rule
holds: an unpaid notice, not cancelled, paid on or after its issue and not in the future; each audited,
and booked to the ledger when the alliance keeps a dues fund). The amount received must be the notice's
amount to the fen: a part payment, or a transfer covering two notices, is not a payment of one notice and
is settled by hand. ``payments_preview`` runs every row through the service and keeps nothing;
``payments_import`` records every row or none. Two rows for the same notice are refused (one of them is
a mistake, and which one is the secretariat's to say).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.core.errors import PermissionDenied
from itisa.core.exports import Sheet
from itisa.core.formats import money
from itisa.core.imports import (
    Column,
    ImportRow,
    column_problem,
    missing_required,
    parse_date,
    raise_refused,
    read_template,
    write_rows,
)
from itisa.core.imports import template_sheets as _template_sheets
from itisa.core.values import ValueRefused, parse_typed_amount
from itisa.membership.models import Invoice
from itisa.membership.permissions import can_manage_dues
from itisa.membership.selectors.dues import invoices_of
from itisa.membership.services.dues import invoice_mark_paid
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = [
    Column("number", gettext_lazy("Dues notice number"), True,
           gettext_lazy("The number printed on the dues notice, as in the dues list"), "CSA-2026-0001"),
    Column("amount", gettext_lazy("Amount received (CNY)"), True,
           gettext_lazy("The notice's amount to the fen: 20000, 20000.00 or 20,000.00"), "20,000.00"),
    Column("paid_on", gettext_lazy("Paid on"), True,
           gettext_lazy("YYYY-MM-DD; not before the notice was issued, not after today"), "2026-02-03"),
    Column("reference", gettext_lazy("Payment reference"), False,
           gettext_lazy("The bank's transaction reference; at most 100 characters"), "转账20260203001"),
]  # fmt: skip
LABELS: dict[str, Any] = {c.code: c.label for c in COLUMNS}


def template_sheets() -> list[Sheet]:
    """The template: a sheet to fill in (each column named in Chinese and English, one example row) and
    a sheet explaining each column."""
    return _template_sheets("payments", COLUMNS, bilingual=True, widths=(20, 28, 8, 80))


def _row(number: int, cells: dict[str, Any], invoices: dict[str, Invoice], seen: dict[str, int]) -> ImportRow:
    problems = missing_required(COLUMNS, cells)
    invoice_number = str(cells.get("number", "")).replace(" ", "").upper()
    invoice = invoices.get(invoice_number)
    if invoice_number and invoice is None:
        problems.append(_("%(column)s: the alliance has no dues notice %(number)s.")
                        % {"column": LABELS["number"], "number": invoice_number})  # fmt: skip
    elif invoice_number in seen:
        problems.append(_("%(column)s: the same dues notice as row %(row)s.")
                        % {"column": LABELS["number"], "row": seen[invoice_number]})  # fmt: skip
    elif invoice_number:
        seen[invoice_number] = number
    amount: Decimal | None = None
    text = str(cells.get("amount", "")).strip()
    if text:
        try:
            amount = parse_typed_amount(text, column=Invoice._meta.get_field("amount"), negative=False)
        except ValueRefused as exc:
            problems.append(column_problem(LABELS["amount"], exc.message))
    if amount is not None and invoice is not None and amount != invoice.amount:
        problems.append(
            _("%(column)s: %(received)s received, but dues notice %(number)s is for %(amount)s; settle a part "
              "or combined payment by hand.")
            % {"column": LABELS["amount"], "received": money(amount, "¥"), "number": invoice.number,
               "amount": money(invoice.amount, "¥")}
        )  # fmt: skip
    paid_on = parse_date(cells.get("paid_on", ""), str(LABELS["paid_on"]), problems)
    reference = str(cells.get("reference", "")).strip()
    values = {
        "number": invoice_number,
        "amount": f"{amount:.2f}" if amount is not None else text,
        "paid_on": paid_on.isoformat() if paid_on else "",
        "reference": reference,
    }
    shown = {
        **values,
        "number": f"{invoice_number} {invoice.membership.organisation.name_zh}"
        if invoice
        else invoice_number,
        "amount": f"{amount:,.2f}" if amount is not None else text,
    }
    row = ImportRow(number, shown, problems, values=values)
    if not problems:
        row.data = (invoice, paid_on, reference)
    return row


def payment_rows(*, by: User, alliance: Alliance, data: bytes, dry_run: bool) -> list[ImportRow]:
    """Read the file and run every row through ``invoice_mark_paid``: kept only if no row is refused and
    not ``dry_run``. A file that cannot be read raises a ``DomainError``."""
    decision = can_manage_dues(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    sheet = read_template(
        data, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, bilingual=True, refuse_formulas=True
    )
    numbers = {str(cells.get("number", "")).replace(" ", "").upper() for _n, cells in sheet.rows}
    invoices = {i.number: i for i in invoices_of(by, alliance).filter(number__in=numbers)}
    seen: dict[str, int] = {}
    rows = [_row(number, cells, invoices, seen) for number, cells in sheet.rows]

    def write(row: tuple[Invoice, Any, str]) -> Invoice:
        invoice, paid_on, reference = row
        return invoice_mark_paid(by=by, invoice=invoice, paid_on=paid_on, reference=reference)

    write_rows(rows, write, dry_run=dry_run, labels=LABELS)
    return rows


def payments_preview(*, by: User, alliance: Alliance, data: bytes) -> list[ImportRow]:
    """Every row with the values read and its reasons; nothing is written."""
    return payment_rows(by=by, alliance=alliance, data=data, dry_run=True)


def payments_import(*, by: User, alliance: Alliance, data: bytes) -> list[Invoice]:
    """Record every payment of the file, or none: ``ImportRefused`` lists each refused row's number (the
    file's own, the header being row 1) and reasons."""
    rows = payment_rows(by=by, alliance=alliance, data=data, dry_run=False)
    raise_refused(rows)
    return [row.done for row in rows]
