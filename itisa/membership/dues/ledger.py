"""Dues in the fund ledger: an issued invoice is income receivable, a payment settles it.

When the alliance keeps a book with a dues fund, issuing an invoice prepares the entry
Dr 1122 其他应收款 / Cr 4201 会费收入, and recording the payment prepares Dr 1002 银行存款 / Cr 1122.
The entries are submitted by whoever issued or recorded them and wait for approval by someone else,
like every entry (internal supervision); nothing posts without it. An alliance without a book, or
without a dues fund, books nothing here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.ledger.choices import FundKind
from itisa.ledger.models import Book, Fund, JournalEntry
from itisa.ledger.services import entry_draft, entry_submit
from itisa.membership.models import Invoice

if TYPE_CHECKING:
    from itisa.accounts.models import User

RECEIVABLE = "1122"
DUES_INCOME = "4201"
BANK = "1002"


def _dues_fund(invoice: Invoice) -> tuple[Book, Fund] | None:
    book = Book.objects.filter(alliance=invoice.alliance).first()
    fund = Fund.objects.filter(book=book, kind=FundKind.DUES).order_by("pk").first() if book else None
    return (book, fund) if book and fund else None


def _prepare(
    *, by: User, invoice: Invoice, date: dt.date, memo: str, debit: str, credit: str, key: str
) -> JournalEntry | None:
    found = _dues_fund(invoice)
    if found is None:
        return None
    book, fund = found
    amount: Decimal = invoice.amount
    entry, created = entry_draft(
        by=by,
        book=book,
        date=date,
        memo=memo,
        idempotency_key=key,
        postings=[
            {"account": debit, "fund": str(fund.pk), "amount": str(amount)},
            {"account": credit, "fund": str(fund.pk), "amount": str(-amount)},
        ],
    )
    if created:
        entry = entry_submit(by=by, entry=entry)
    return entry


def invoice_issued(*, by: User, invoice: Invoice) -> JournalEntry | None:
    with translation.override("zh-hans"):
        memo = _("Dues invoiced: %(number)s %(org)s") % {
            "number": invoice.number,
            "org": invoice.membership.organisation.name_zh,
        }
    return _prepare(
        by=by, invoice=invoice, date=invoice.issued_on, memo=memo, debit=RECEIVABLE, credit=DUES_INCOME,
        key=f"dues-invoiced-{invoice.number}",
    )  # fmt: skip


def invoice_paid(*, by: User, invoice: Invoice) -> JournalEntry | None:
    if invoice.paid_on is None:  # pragma: no cover - only called for paid invoices
        return None
    with translation.override("zh-hans"):
        memo = _("Dues received: %(number)s %(org)s") % {
            "number": invoice.number,
            "org": invoice.membership.organisation.name_zh,
        }
    return _prepare(
        by=by, invoice=invoice, date=invoice.paid_on, memo=memo, debit=BANK, credit=RECEIVABLE,
        key=f"dues-paid-{invoice.number}",
    )  # fmt: skip


def claim_booked(*, by: User, claim: Any, fund: Fund, amount: Decimal) -> JournalEntry:
    """A grant-recovery claim against an expelled member, as a receivable owed back to the grantor:
    Dr 1122 其他应收款 / Cr 2209 其他应付款 on the grant's fund, submitted for approval."""
    with translation.override("zh-hans"):
        memo = _("Grant recovery claim: %(org)s") % {"org": claim.organisation.name_zh}
    entry, created = entry_draft(
        by=by,
        book=fund.book,
        date=timezone.localdate(),
        memo=memo,
        idempotency_key=f"grant-recovery-{claim.pk}",
        postings=[
            {"account": RECEIVABLE, "fund": str(fund.pk), "amount": str(amount)},
            {"account": "2209", "fund": str(fund.pk), "amount": str(-amount)},
        ],
    )
    if created:
        entry = entry_submit(by=by, entry=entry)
    return entry
