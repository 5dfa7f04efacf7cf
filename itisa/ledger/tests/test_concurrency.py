"""PostgreSQL: parallel postings keep the voucher numbers gap-free and the balances exact."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

from django.db import connection

from itisa.accounts.models import RoleAssignment
from itisa.ledger.checks import run_checks
from itisa.ledger.models import JournalEntry
from itisa.ledger.selectors import balances
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_submit
from itisa.ledger.tests.conftest import make_books
from tests.factories import UserFactory


def test_parallel_postings_number_gap_free_and_balance_exactly(pg_committed: Any, world: Any) -> None:
    books = make_books(world)
    s = world.user("secretariat")
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    entries = []
    for i in range(12):
        amount = f"{100 + i}.{i:02d}"
        entry, _ = entry_draft(
            by=s, book=books.book, date=dt.date(2026, 7, 1 + i), memo=f"会费{i}", idempotency_key=f"par-{i}",
            postings=[
                {"account": "1002", "fund": str(books.dues.pk), "amount": amount},
                {"account": "4201", "fund": str(books.dues.pk), "amount": f"-{amount}"},
            ],
        )  # fmt: skip
        entry_submit(by=s, entry=entry)
        entries.append(entry_approve(by=approver, entry=entry))
    barrier = threading.Barrier(len(entries))
    errors: list[BaseException] = []

    def post(entry: JournalEntry) -> None:
        try:
            barrier.wait()
            entry_post(by=s, entry=entry)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(e,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    numbers = sorted(
        JournalEntry.objects.filter(book=books.book, status="posted").values_list("number", flat=True)
    )
    assert numbers == list(range(1, 13))
    expected = sum((Decimal(f"{100 + i}.{i:02d}") for i in range(12)), Decimal(0))
    assert balances(books.book)[("1002", books.dues.pk)] == expected
    assert run_checks(books.book) == []
