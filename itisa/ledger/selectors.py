"""Reads of the ledger, scoped to who may see the books. Balances are derived from posted postings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itisa.core.decisions import Need
from itisa.core.errors import NotFound
from itisa.ledger.choices import DEBIT_NORMAL, EntryStatus
from itisa.ledger.models import Account, Book, CostObject, Fund, JournalEntry, Posting
from itisa.ledger.permissions import can_view_books
from itisa.registry.selectors import access_alliance


def access_book(user: Any, code: str, *, need: Need = can_view_books) -> Book:
    """Find and check: the book of the alliance with this code, for a viewer ``need`` allows.

    NotFound when the alliance is missing or hidden, or keeps no book; PermissionDenied with the
    reason when the viewer sees the alliance but ``need`` (reading the books unless told) refuses.
    """
    alliance = access_alliance(user, code, need=need)
    book = Book.objects.select_related("alliance", "chart").filter(alliance=alliance).first()
    if book is None:
        raise NotFound(_("%(code)s keeps no book.") % {"code": code})
    return book


def with_postings(entries: QuerySet[JournalEntry]) -> QuerySet[JournalEntry]:
    """The entries with their postings and accounts loaded in one more query, however many entries."""
    return entries.prefetch_related(Prefetch("postings", queryset=Posting.objects.select_related("account")))


def access_entry(user: Any, pk: int) -> JournalEntry:
    """Find and check: the journal entry if the viewer may read its book; NotFound whether missing or hidden."""
    entry = (
        JournalEntry.objects.select_related(
            "book__alliance", "period", "prepared_by", "approved_by", "second_approved_by"
        )
        .filter(pk=pk)
        .first()
    )
    if entry is None or not can_view_books(user, entry.book.alliance):
        raise NotFound(_("No such journal entry, or you may not see it."))
    return entry


def entries_of(user: Any, book: Book, *, status: str = "") -> QuerySet[JournalEntry]:
    if not can_view_books(user, book.alliance):
        return JournalEntry.objects.none()
    qs = with_postings(
        JournalEntry.objects.filter(book=book).select_related("period", "prepared_by", "approved_by")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-date", "-pk")


def posted_postings(
    book: Book, *, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Posting]:
    qs = Posting.objects.filter(entry__book=book, entry__status=EntryStatus.POSTED)
    if start is not None:
        qs = qs.filter(entry__date__gte=start)
    if end is not None:
        qs = qs.filter(entry__date__lte=end)
    return qs


@dataclass(frozen=True)
class TrialBalanceRow:
    account: Account
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        """Signed by the account's normal side: debit-normal accounts positive when debits exceed credits."""
        net = self.debit - self.credit
        return net if self.account.account_class in DEBIT_NORMAL else -net


def trial_balance(book: Book, *, end: dt.date | None = None) -> list[TrialBalanceRow]:
    """Every account with posted activity up to ``end``: total debits and credits (one query)."""
    sums: dict[int, list[Decimal]] = {}
    for account_id, amount in posted_postings(book, end=end).values_list("account_id", "amount"):
        row = sums.setdefault(account_id, [Decimal(0), Decimal(0)])
        if amount > 0:
            row[0] += amount
        else:
            row[1] -= amount
    accounts = Account.objects.filter(pk__in=sums).order_by("code")
    return [TrialBalanceRow(a, sums[a.pk][0], sums[a.pk][1]) for a in accounts]


def balances(book: Book, *, end: dt.date | None = None) -> dict[tuple[str, int], Decimal]:
    """The net (debit − credit) of each (account code, fund id), from posted postings.

    Summed in Python with Decimal, in one query: SQLite's SUM over decimals goes through floating
    point and drifts below the fen on large books (a property test found it).
    """
    totals: dict[tuple[str, int], Decimal] = {}
    for code, fund_id, amount in posted_postings(book, end=end).values_list(
        "account__code", "fund_id", "amount"
    ):
        totals[(code, fund_id)] = totals.get((code, fund_id), Decimal(0)) + amount
    return totals


def grant_funds_of(user: Any, book: Book) -> QuerySet[Fund]:
    """The government-grant funds of a book the viewer may read: all of them for those who see the books,
    only those of its own departments for a government supervisor."""
    from itisa.accounts.roles import role_summary
    from itisa.ledger.choices import FundKind

    qs = Fund.objects.filter(book=book, kind=FundKind.GOVERNMENT_GRANT).order_by("pk")
    if can_view_books(user, book.alliance):
        return qs
    departments = role_summary(user).departments
    if not departments:
        return Fund.objects.none()
    return qs.filter(granting_department__in=departments)


def grant_postings(book: Book, funds: QuerySet[Fund]) -> QuerySet[Posting]:
    """Posted postings on these funds, with their entries, in date order."""
    return (
        posted_postings(book)
        .filter(fund__in=funds)
        .select_related("entry", "entry__period", "account", "fund")
        .order_by("entry__date", "entry__number", "pk")
    )


def cost_object_totals(cost_object: CostObject) -> dict[tuple[str, int], Decimal]:
    """The net (debit − credit) of the posted postings carrying ``cost_object`` (a project), per
    (account class, fund id); one query, summed in Decimal (see ``balances``)."""
    totals: dict[tuple[str, int], Decimal] = {}
    rows = Posting.objects.filter(cost_object=cost_object, entry__status=EntryStatus.POSTED).values_list(
        "account__account_class", "fund_id", "amount"
    )
    for account_class, fund_id, amount in rows:
        totals[(account_class, fund_id)] = totals.get((account_class, fund_id), Decimal(0)) + amount
    return totals


def balance_side(balance: Decimal) -> str:
    """The side of a balance as a detail ledger prints it (借或贷): debit, credit, or nil when it is zero."""
    if balance > 0:
        return pgettext("balance side", "Dr")
    if balance < 0:
        return pgettext("balance side", "Cr")
    return pgettext("balance side", "Nil")


@dataclass(frozen=True)
class DetailRow:
    """One posting of an account's detail ledger (明细账), with the running balance after it."""

    date: dt.date
    voucher: str
    entry_id: int
    memo: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # debit − credit so far: > 0 a debit balance, < 0 a credit balance

    @property
    def side(self) -> str:
        return balance_side(self.balance)

    @property
    def balance_amount(self) -> Decimal:
        """The balance as printed beside its side: without a sign."""
        return abs(self.balance)


@dataclass(frozen=True)
class AccountDetail:
    """An account's detail ledger over a period: the opening balance, each posting, the closing balance.
    Balances are debit − credit (the page shows their side, 借 or 贷); sub-accounts are included."""

    account: Account
    start: dt.date
    end: dt.date
    opening: Decimal
    rows: list[DetailRow]

    @property
    def debit(self) -> Decimal:
        return sum((r.debit for r in self.rows), Decimal(0))

    @property
    def credit(self) -> Decimal:
        return sum((r.credit for r in self.rows), Decimal(0))

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit

    @property
    def opening_side(self) -> str:
        return balance_side(self.opening)

    @property
    def closing_side(self) -> str:
        return balance_side(self.closing)

    @property
    def opening_amount(self) -> Decimal:
        return abs(self.opening)

    @property
    def closing_amount(self) -> Decimal:
        return abs(self.closing)


def access_account(book: Book, code: str) -> Account:
    """The account of the book's chart with this code; NotFound otherwise."""
    account = Account.objects.filter(chart_id=book.chart_id, code=code).first()
    if account is None:
        raise NotFound(_("No account %(code)s in this book's chart.") % {"code": code})
    return account


def account_detail(book: Book, account: Account, *, start: dt.date, end: dt.date) -> AccountDetail:
    """The posted postings of ``account`` (and its sub-accounts) from ``start`` to ``end``, in date and
    voucher order, after the balance brought forward from before ``start``; two queries, summed in Decimal
    (see ``balances``)."""
    from django.db.models import Q

    scope = Q(account=account) | Q(account__code__startswith=f"{account.code}.")
    qs = posted_postings(book).filter(scope, account__chart_id=book.chart_id)
    opening = sum(qs.filter(entry__date__lt=start).values_list("amount", flat=True), Decimal(0))
    rows: list[DetailRow] = []
    balance = opening
    for date, year, month, number, entry_id, memo, line_memo, amount in (
        qs.filter(entry__date__gte=start, entry__date__lte=end)
        .order_by("entry__date", "entry__period__year", "entry__period__month", "entry__number", "pk")
        .values_list(
            "entry__date", "entry__period__year", "entry__period__month", "entry__number", "entry_id",
            "entry__memo", "memo", "amount",
        )
    ):  # fmt: skip
        balance += amount
        rows.append(
            DetailRow(
                date=date,
                voucher=f"{year}-{month:02d}-{number}",
                entry_id=entry_id,
                memo=line_memo or memo,
                debit=amount if amount > 0 else Decimal(0),
                credit=-amount if amount < 0 else Decimal(0),
                balance=balance,
            )
        )
    return AccountDetail(account=account, start=start, end=end, opening=opening, rows=rows)


def entry_people(entry: JournalEntry) -> dict[str, Any]:
    """Who prepared, approved and posted the entry (the poster from the audit chain's posting record),
    and the latest send-back (退回) with its reason while the entry is a draft again."""
    from itisa.audit.selectors import history_of
    from itisa.ledger.actions import ENTRY_POSTED, ENTRY_SENT_BACK

    posted = sent_back = None
    for row in history_of(entry).filter(action__in=[ENTRY_POSTED, ENTRY_SENT_BACK]):
        if row.action == ENTRY_POSTED:
            posted = row
        else:
            sent_back = row
    return {
        "prepared_by": entry.prepared_by,
        "approvers": [u for u in (entry.approved_by, entry.second_approved_by) if u is not None],
        "posted_by": posted.actor if posted is not None else None,
        "sent_back": sent_back if entry.status == EntryStatus.DRAFT else None,
    }
