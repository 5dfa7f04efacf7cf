"""Drafts: the preparer edits (postings replaced, the change audited before/after) and deletes them;
whoever may approve sends a submitted entry back (退回) with a reason. Refusals change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.ledger.models import JournalEntry, Posting
from itisa.ledger.services import (
    attachment_add,
    entry_approve,
    entry_delete,
    entry_draft,
    entry_post,
    entry_send_back,
    entry_submit,
    entry_update,
)
from itisa.notifications.models import Notification
from tests.factories import UserFactory

D = dt.date(2026, 3, 15)


def _lines(
    books: Any, amount: str = "3000.00", debit: str = "1002", credit: str = "4201"
) -> list[dict[str, Any]]:
    return [
        {"account": debit, "fund": str(books.dues.pk), "amount": amount},
        {"account": credit, "fund": str(books.dues.pk), "amount": f"-{amount}"},
    ]


def _state() -> tuple[Any, ...]:
    return (
        list(JournalEntry.objects.order_by("pk").values_list("pk", "status", "date", "memo", "approved_by")),
        list(Posting.objects.order_by("pk").values_list("pk", "entry_id", "account__code", "amount")),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def approver(world: Any) -> Any:
    user = UserFactory(username="secretariat2", display_name="李会计")
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.csa)
    return user


@pytest.fixture
def draft(world: Any, books: Any) -> JournalEntry:
    entry, _ = entry_draft(
        by=world.user("secretariat"), book=books.book, date=D, memo="收到会费", postings=_lines(books),
        idempotency_key="d1",
    )  # fmt: skip
    return entry


def test_the_preparer_edits_a_draft_and_the_audit_records_before_and_after(
    world: Any, books: Any, draft: JournalEntry
) -> None:
    s = world.user("secretariat")
    three = [*_lines(books, "1000.00"), {"account": "1001", "fund": str(books.dues.pk), "amount": "200.50", "memo": "现金"},
             {"account": "4201", "fund": str(books.dues.pk), "amount": "-200.50"}]  # fmt: skip
    entry_update(by=s, entry=draft, date=D, memo="收到会费（更正）", postings=three)
    draft.refresh_from_db()
    assert (draft.memo, draft.status) == ("收到会费（更正）", "draft")
    assert list(draft.postings.order_by("pk").values_list("account__code", "amount")) == [
        ("1002", Decimal("1000.00")), ("4201", Decimal("-1000.00")),
        ("1001", Decimal("200.50")), ("4201", Decimal("-200.50")),
    ]  # fmt: skip
    audit = AuditEntry.objects.filter(action="ledger.entry.edited").get()
    dues = books.dues.pk
    assert audit.data == {
        "before": {"memo": "收到会费", "postings": [
            {"account": "1002", "fund": dues, "amount": "3000.00"},
            {"account": "4201", "fund": dues, "amount": "-3000.00"},
        ]},
        "after": {"memo": "收到会费（更正）", "postings": [
            {"account": "1002", "fund": dues, "amount": "1000.00"},
            {"account": "4201", "fund": dues, "amount": "-1000.00"},
            {"account": "1001", "fund": dues, "amount": "200.50", "memo": "现金"},
            {"account": "4201", "fund": dues, "amount": "-200.50"},
        ]},
    }  # fmt: skip


def test_an_edit_that_changes_nothing_writes_nothing(world: Any, books: Any, draft: JournalEntry) -> None:
    before = _state()
    entry_update(by=world.user("secretariat"), entry=draft, date=D, memo=" 收到会费 ", postings=_lines(books))
    assert _state() == before


@pytest.mark.parametrize(
    ("who", "error", "message"),
    [
        ("approver", PermissionDenied, "Only the preparer edits or deletes a draft."),
        ("fund_supervisor", PermissionDenied,
         "Only the alliance's secretariat (or the host unit's finance staff, when entrusted) keeps its books."),
    ],
)  # fmt: skip
def test_only_the_preparer_edits_or_deletes(
    world: Any, books: Any, draft: JournalEntry, approver: Any, who: str, error: type, message: str
) -> None:
    user = approver if who == "approver" else world.user(who)
    before = _state()
    with pytest.raises(error) as refused:
        entry_update(by=user, entry=draft, date=D, memo="x", postings=_lines(books, "1.00"))
    assert refused.value.message == message
    with pytest.raises(error):
        entry_delete(by=user, entry=draft)
    assert _state() == before


def test_an_unbalanced_edit_is_refused_with_both_totals(world: Any, books: Any, draft: JournalEntry) -> None:
    lines = _lines(books)
    lines[1]["amount"] = "-2999.99"
    before = _state()
    with pytest.raises(DomainError) as refused:
        entry_update(by=world.user("secretariat"), entry=draft, date=D, memo="x", postings=lines)
    assert refused.value.fields == {
        "postings": ["Debits and credits do not balance: debits 3,000.00, credits 2,999.99, difference 0.01."]
    }
    assert _state() == before


def test_submitted_and_posted_entries_are_neither_edited_nor_deleted(
    world: Any, books: Any, draft: JournalEntry, approver: Any
) -> None:
    s = world.user("secretariat")
    entry_submit(by=s, entry=draft)
    before = _state()
    with pytest.raises(InvalidTransition) as refused:
        entry_update(by=s, entry=draft, date=D, memo="x", postings=_lines(books, "1.00"))
    assert refused.value.message == (
        "The entry is Submitted: only a draft is edited (a submitted entry is sent back first; "
        "a posted one is corrected by a reversing entry)."
    )
    with pytest.raises(InvalidTransition):
        entry_delete(by=s, entry=draft)
    assert _state() == before
    entry_approve(by=approver, entry=draft)
    entry_post(by=s, entry=draft)
    before = _state()
    with pytest.raises(InvalidTransition) as refused:
        entry_delete(by=s, entry=draft)
    assert refused.value.message.startswith("The entry is Posted: only a draft is deleted")
    assert _state() == before


def test_the_preparer_deletes_a_draft_and_the_audit_keeps_it(
    world: Any, books: Any, draft: JournalEntry
) -> None:
    pk = draft.pk
    entry_delete(by=world.user("secretariat"), entry=draft)
    assert (JournalEntry.objects.filter(pk=pk).exists(), Posting.objects.filter(entry_id=pk).exists()) == (
        False,
        False,
    )
    audit = AuditEntry.objects.filter(action="ledger.entry.deleted").get()
    dues = books.dues.pk
    assert (audit.object_id, audit.actor_label, audit.data) == (
        str(pk),
        "secretariat",
        {"date": "2026-03-15", "memo": "收到会费", "postings": [
            {"account": "1002", "fund": dues, "amount": "3000.00"},
            {"account": "4201", "fund": dues, "amount": "-3000.00"},
        ]},
    )  # fmt: skip


def test_a_draft_with_evidence_attached_is_not_deleted(world: Any, books: Any, draft: JournalEntry) -> None:
    s = world.user("secretariat")
    attachment_add(by=s, entry=draft, name="发票.pdf", data=b"%PDF-1.4 invoice")
    before = _state()
    with pytest.raises(DomainError) as refused:
        entry_delete(by=s, entry=draft)
    assert (
        refused.value.message == "The draft has attachments, which are kept as evidence: correct it instead."
    )
    assert _state() == before


def test_the_approver_sends_back_with_a_reason_and_the_preparer_corrects_and_resubmits(
    world: Any, books: Any, draft: JournalEntry, approver: Any
) -> None:
    s = world.user("secretariat")
    entry_submit(by=s, entry=draft)
    before = _state()
    with pytest.raises(DomainError) as refused:
        entry_send_back(by=approver, entry=draft, reason=" \u200b")
    assert refused.value.fields == {"reason": ["Say why the entry is sent back."]}
    with pytest.raises(PermissionDenied) as denied:
        entry_send_back(by=s, entry=draft, reason="撤回")
    assert denied.value.message == "Separation of duties: the preparer cannot send back their own entry."
    assert _state() == before
    entry_send_back(by=approver, entry=draft, reason="附件缺少发票")
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by_id) == ("draft", None)
    audit = AuditEntry.objects.filter(action="ledger.entry.sent_back").get()
    assert (audit.actor_label, audit.data) == (
        "secretariat2",
        {"from": "submitted", "to": "draft", "reason": "附件缺少发票"},
    )
    told = Notification.objects.get(kind="ledger.entry.sent_back")
    assert (told.recipient_id, told.body) == (s.pk, "附件缺少发票")
    entry_update(by=s, entry=draft, date=D, memo="收到会费", postings=_lines(books, "2000.00"))
    entry_submit(by=s, entry=draft)
    assert JournalEntry.objects.get(pk=draft.pk).status == "submitted"


def test_a_first_approval_of_two_is_withdrawn_by_a_send_back(world: Any, books: Any, approver: Any) -> None:
    s = world.user("secretariat")
    big, _ = entry_draft(
        by=s, book=books.book, date=D, memo="大额", postings=_lines(books, "200000.00"), idempotency_key="big"
    )
    entry_submit(by=s, entry=big)
    entry_approve(by=approver, entry=big)
    assert JournalEntry.objects.get(pk=big.pk).approved_by_id == approver.pk
    third = UserFactory(username="secretariat3")
    RoleAssignment.objects.create(user=third, role="secretariat", alliance=world.csa)
    entry_send_back(by=third, entry=big, reason="金额有误")
    big.refresh_from_db()
    assert (big.status, big.approved_by_id, big.second_approved_by_id) == ("draft", None, None)


def test_only_a_submitted_entry_is_sent_back(
    world: Any, books: Any, draft: JournalEntry, approver: Any
) -> None:
    before = _state()
    with pytest.raises(InvalidTransition) as refused:
        entry_send_back(by=approver, entry=draft, reason="x")
    assert refused.value.message == "The entry is Draft: only a submitted entry is sent back."
    assert _state() == before
