"""Reads of the ledger, scoped to who may see the books. Balances are derived from posted postings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

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
