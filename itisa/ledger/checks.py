"""Check functions over a book: each returns problems (nothing raises). ``itisa ledger check`` runs them.

Budgets and grant spending categories come with the budgets part of the ledger issue; their checks
are added then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from itisa.ledger.choices import EntryStatus
from itisa.ledger.models import Book, JournalEntry, Period, Posting


@dataclass(frozen=True)
class Problem:
    check: str
    message: str


def unbalanced_entries(book: Book) -> list[Problem]:
    """Posted entries with fewer than two postings or a non-zero sum (summed exactly, in Decimal)."""
    sums: dict[int, tuple[int, Decimal]] = {}
    for entry_id, amount in Posting.objects.filter(
        entry__book=book, entry__status=EntryStatus.POSTED
    ).values_list("entry_id", "amount"):
        n, total = sums.get(entry_id, (0, Decimal(0)))
        sums[entry_id] = (n + 1, total + amount)
    return [
        Problem("unbalanced", f"entry {pk}: {n} postings summing to {total}")
        for pk, (n, total) in sorted(sums.items())
        if n < 2 or total != 0
    ]


def postings_to_closed_or_foreign_accounts(book: Book) -> list[Problem]:
    rows = (
        Posting.objects.filter(entry__book=book, entry__status=EntryStatus.POSTED)
        .filter(Q(account__closed=True) | ~Q(account__chart=book.chart_id))
        .values_list("entry_id", "account__code")
    )
    return [Problem("account", f"entry {e}: posting to closed or unknown account {code}") for e, code in rows]


def voucher_gaps(book: Book) -> list[Problem]:
    problems = []
    for period in Period.objects.filter(book=book).order_by("year", "month"):
        numbers = sorted(
            n
            for n in JournalEntry.objects.filter(period=period, status=EntryStatus.POSTED).values_list(
                "number", flat=True
            )
            if n is not None
        )
        expected = list(range(1, period.last_number + 1))
        if numbers != expected:
            missing = sorted(set(expected) - set(numbers))
            problems.append(Problem("voucher_numbers", f"{period}: numbers {numbers} (missing {missing})"))
    return problems


def posted_entries_match_the_audit_chain(book: Book) -> list[Problem]:
    """Each posted entry's postings are what the audit chain recorded when it was posted.

    The triggers refuse changes; this catches a change made around them (e.g. with triggers disabled),
    since the audit chain itself is hash-linked and verified by ``itisa audit verify``.
    """
    return [Problem("audit", message) for _code, message in posted_entries_audit_problems(book=book)]


def posted_entries_audit_problems(*, book: Book | None = None) -> list[tuple[str, str]]:
    """(alliance code, message) for every posted entry (of ``book``, or of every book) whose postings differ
    from its ``ledger.entry.posted`` audit record, in two queries: each record is read once, however many
    books there are."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from itisa.audit.models import AuditEntry
    from itisa.ledger.actions import ENTRY_POSTED

    posted = JournalEntry.objects.filter(status=EntryStatus.POSTED)
    if book is not None:
        posted = posted.filter(book=book)
    recorded = {
        int(object_id): data.get("postings", [])
        for object_id, data in AuditEntry.objects.filter(
            action=ENTRY_POSTED,
            object_type="ledger.journalentry",
            object_id__in=posted.annotate(text_id=Cast("pk", CharField())).values("text_id"),
        ).values_list("object_id", "data")
    }
    current: dict[int, tuple[str, list[list[Any]]]] = {}
    for entry_id, alliance, code, fund_id, amount, cost_object_id in (
        Posting.objects.filter(entry__in=posted)
        .order_by("entry_id", "pk")
        .values_list(
            "entry_id", "entry__book__alliance__code", "account__code", "fund_id", "amount", "cost_object_id"
        )
    ):
        row = [code, fund_id, str(amount)]
        if cost_object_id is not None:  # recorded as a fourth item (services.posting_record)
            row.append(cost_object_id)
        current.setdefault(entry_id, (alliance, []))[1].append(row)
    problems = []
    for entry_id, (alliance, rows) in sorted(current.items()):
        if entry_id not in recorded:
            problems.append((alliance, f"entry {entry_id}: posted without an audit record"))
        elif sorted(map(tuple, rows)) != sorted(map(tuple, recorded[entry_id])):
            problems.append(
                (alliance, f"entry {entry_id}: postings differ from the audit record {recorded[entry_id]}")
            )
    return problems


def budget_overruns(book: Book) -> list[Problem]:
    """Posted expenses above a budget line, for every year with budgets."""
    from itisa.ledger.models import Budget
    from itisa.ledger.reports import budget_vs_actual

    years = sorted(set(Budget.objects.filter(fund__book=book).values_list("year", flat=True)))
    return [
        Problem(
            "budget", f"{row.fund} {row.account.code} {year}: spent {row.actual} of a budget of {row.budget}"
        )
        for year in years
        for row in budget_vs_actual(book, year=year)
        if row.overrun
    ]


def restricted_spending_outside_budget(book: Book) -> list[Problem]:
    """A restricted fund with budgets spends only on its budgeted categories (专款专用)."""
    from itisa.ledger.choices import AccountClass
    from itisa.ledger.models import Budget

    allowed: dict[tuple[int, int], set[int]] = {}
    for fund_id, year, account_id in Budget.objects.filter(
        fund__book=book, fund__restricted=True
    ).values_list("fund_id", "year", "account_id"):
        allowed.setdefault((fund_id, year), set()).add(account_id)
    problems = []
    for entry_id, fund_id, date, account_id, code in (
        Posting.objects.filter(
            entry__book=book,
            entry__status=EntryStatus.POSTED,
            fund__restricted=True,
            account__account_class=AccountClass.EXPENSE,
        )
        .order_by("entry_id", "pk")
        .values_list("entry_id", "fund_id", "entry__date", "account_id", "account__code")
    ):
        categories = allowed.get((fund_id, date.year))
        if categories is not None and account_id not in categories:
            problems.append(
                Problem("restricted", f"entry {entry_id}: fund {fund_id} spent on {code}, outside its budget")
            )
    return problems


CHECKS: list[Callable[[Book], list[Problem]]] = [
    unbalanced_entries,
    postings_to_closed_or_foreign_accounts,
    voucher_gaps,
    posted_entries_match_the_audit_chain,
    budget_overruns,
    restricted_spending_outside_budget,
]


def run_checks(book: Book) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(book)]
