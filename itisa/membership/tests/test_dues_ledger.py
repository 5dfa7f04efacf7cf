"""Dues in the ledger: issuing prepares Dr 1122 / Cr 4201, a payment Dr 1002 / Cr 1122, each awaiting approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from itisa.ledger.models import JournalEntry
from itisa.ledger.tests.conftest import make_books
from itisa.membership.services.dues import fee_set, invoice_mark_paid, invoices_issue


def _lines(entry: JournalEntry) -> list[tuple[str, Decimal]]:
    return [(p.account.code, p.amount) for p in entry.postings.select_related("account").order_by("pk")]


def test_issuing_and_paying_dues_prepare_entries_for_approval(world: Any) -> None:
    s = world.user("secretariat")
    assert (
        invoices_issue(
            by=s, alliance=world.csa, year=2026, issued_on=dt.date(2026, 1, 10), due_on=dt.date(2026, 3, 31)
        )
        == []
    )
    make_books(world)
    fee_set(by=s, alliance=world.csa, year=2026, rank="council", amount=Decimal("20000.00"))
    (invoice,) = invoices_issue(
        by=s, alliance=world.csa, year=2026, issued_on=dt.date(2026, 1, 10), due_on=dt.date(2026, 3, 31)
    )
    issued = JournalEntry.objects.get(idempotency_key=f"dues-invoiced-{invoice.number}")
    assert (issued.status, issued.date, issued.memo) == (
        "submitted",
        dt.date(2026, 1, 10),
        f"会费应收：{invoice.number} 乙大学",
    )
    assert _lines(issued) == [("1122", Decimal("20000.00")), ("4201", Decimal("-20000.00"))]
    invoice_mark_paid(by=s, invoice=invoice, paid_on=dt.date(2026, 2, 3), reference="转账0001")
    paid = JournalEntry.objects.get(idempotency_key=f"dues-paid-{invoice.number}")
    assert (paid.status, paid.date) == ("submitted", dt.date(2026, 2, 3))
    assert _lines(paid) == [("1002", Decimal("20000.00")), ("1122", Decimal("-20000.00"))]


def test_a_grant_recovery_claim_is_booked_as_a_receivable(world: Any) -> None:
    import pytest
    from django.utils import timezone

    from itisa.audit.models import AuditEntry
    from itisa.core.errors import DomainError, PermissionDenied
    from itisa.governance.services import motion_close, vote_cast
    from itisa.governance.tests.conftest import make_council
    from itisa.membership.models import GrantRecoveryClaim, Membership
    from itisa.membership.services import expulsion_propose
    from itisa.membership.services.exits import claim_book

    books = make_books(world)
    council = make_council(world)
    s = world.user("secretariat")
    expulsion = expulsion_propose(
        by=s, membership=Membership.objects.get(alliance=world.csa, organisation=world.member_b), grounds="违约",
        body=council.body, deadline=timezone.now() + dt.timedelta(days=3),
    )  # fmt: skip
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=expulsion.motion, choice="yes")
    motion_close(by=s, motion=expulsion.motion)
    claim = GrantRecoveryClaim.objects.get()
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError):
        claim_book(by=s, claim=claim, fund=books.dues, amount="1000.00")
    with pytest.raises(DomainError):
        claim_book(by=s, claim=claim, fund=books.grant, amount="-1")
    with pytest.raises(PermissionDenied):
        claim_book(by=world.user("council_member"), claim=claim, fund=books.grant, amount="1000.00")
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before
    claim = claim_book(by=s, claim=claim, fund=books.grant, amount="35000.00")
    entry = JournalEntry.objects.get(idempotency_key=f"grant-recovery-{claim.pk}")
    assert (claim.amount, entry.status) == (Decimal("35000.00"), "submitted")
    assert _lines(entry) == [("1122", Decimal("35000.00")), ("2209", Decimal("-35000.00"))]
