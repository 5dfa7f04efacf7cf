"""Check functions over a book: each returns problems (nothing raises). ``itisa ledger check`` runs them.

Budgets and grant spending categories come with the budgets part of the ledger issue; their checks
are added then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

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


CHECKS: list[Callable[[Book], list[Problem]]] = [
    unbalanced_entries,
    postings_to_closed_or_foreign_accounts,
    voucher_gaps,
]


def run_checks(book: Book) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(book)]
