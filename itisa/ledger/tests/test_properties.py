"""Property-based tests (hypothesis): balanced entries post, unbalanced ones never do, balances are the
sum of postings, and reversals net to zero."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itisa.accounts.models import RoleAssignment
from itisa.core.errors import DomainError
from itisa.ledger.models import JournalEntry, Posting
from itisa.ledger.selectors import balances
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_reverse, entry_submit
from tests.factories import UserFactory

ACCOUNTS = ["1001", "1002", "1122", "2209", "4201", "4401", "5101", "5201"]
FEN_AMOUNTS = st.integers(min_value=1, max_value=10**11).map(lambda fen: Decimal(fen) / 100)
LINE = st.tuples(st.sampled_from(ACCOUNTS), FEN_AMOUNTS, st.booleans())

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def approver(world: Any) -> Any:
    user = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.csa)
    return user


def _balanced(lines: list[tuple[str, Decimal, bool]], fund: int) -> list[dict[str, str]]:
    """Postings from (account, amount, debit?) lines, plus one line on 1002 that balances them."""
    postings = [{"account": a, "fund": str(fund), "amount": str(x if debit else -x)} for a, x, debit in lines]
    total = sum(Decimal(p["amount"]) for p in postings)
    if total != 0:
        postings.append({"account": "1002", "fund": str(fund), "amount": str(-total)})
    return postings


@PROPERTY
@given(lines=st.lists(LINE, min_size=1, max_size=6))
def test_balanced_entries_post_and_balances_are_the_sum_of_postings(
    world: Any, books: Any, approver: Any, lines: Any
) -> None:
    s = world.user("secretariat")
    postings = _balanced(lines, books.dues.pk)
    if len(postings) < 2:
        return
    key = f"p{JournalEntry.objects.count()}"
    entry, _ = entry_draft(
        by=s,
        book=books.book,
        date=dt.date(2026, 5, 1),
        memo="性质测试",
        postings=postings,
        idempotency_key=key,
    )
    entry_submit(by=s, entry=entry)
    entry = entry_approve(by=approver, entry=entry)
    if entry.status != "approved":
        entry = entry_approve(by=world.user("national_officer"), entry=entry)
    entry_post(by=s, entry=entry)
    expected: dict[tuple[str, int], Decimal] = {}
    for p in Posting.objects.filter(entry__book=books.book, entry__status="posted"):
        key2 = (p.account.code, p.fund_id)
        expected[key2] = expected.get(key2, Decimal(0)) + p.amount
    got = balances(books.book)
    assert {k: v for k, v in got.items()} == expected
    assert sum(got.values(), Decimal(0)) == 0


@PROPERTY
@given(lines=st.lists(LINE, min_size=2, max_size=6), off=FEN_AMOUNTS)
def test_unbalanced_entries_never_post(world: Any, books: Any, lines: Any, off: Decimal) -> None:
    postings = _balanced(lines, books.dues.pk)
    postings[0]["amount"] = str(Decimal(postings[0]["amount"]) + off)
    before = JournalEntry.objects.count()
    with pytest.raises(DomainError):
        entry_draft(
            by=world.user("secretariat"),
            book=books.book,
            date=dt.date(2026, 5, 1),
            memo="x",
            postings=postings,
            idempotency_key=f"u{before}",
        )
    assert JournalEntry.objects.count() == before


@PROPERTY
@given(lines=st.lists(LINE, min_size=1, max_size=5))
def test_a_reversal_nets_to_zero(world: Any, books: Any, approver: Any, lines: Any) -> None:
    s = world.user("secretariat")
    postings = _balanced(lines, books.grant.pk)
    if len(postings) < 2:
        return
    n = JournalEntry.objects.count()
    entry, _ = entry_draft(
        by=s,
        book=books.book,
        date=dt.date(2026, 6, 1),
        memo="冲销测试",
        postings=postings,
        idempotency_key=f"r{n}",
    )
    for e in (entry,):
        entry_submit(by=s, entry=e)
        entry_approve(by=approver, entry=e)
        e.refresh_from_db()
        if e.status != "approved":
            entry_approve(by=world.user("national_officer"), entry=e)
        entry_post(by=s, entry=e)
    reversal = entry_reverse(by=s, entry=JournalEntry.objects.get(pk=entry.pk), date=dt.date(2026, 6, 2))
    entry_submit(by=s, entry=reversal)
    entry_approve(by=approver, entry=reversal)
    reversal.refresh_from_db()
    if reversal.status != "approved":
        entry_approve(by=world.user("national_officer"), entry=reversal)
    entry_post(by=s, entry=reversal)
    pair = Posting.objects.filter(entry__in=[entry.pk, reversal.pk])
    nets: dict[str, Decimal] = {}
    for p in pair:
        nets[p.account.code] = nets.get(p.account.code, Decimal(0)) + p.amount
    assert set(nets.values()) <= {Decimal("0.00")}
