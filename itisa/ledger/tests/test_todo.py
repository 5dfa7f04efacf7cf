"""Ledger duties in the to-do list and their notifications, as the separation of duties says: keepers
approve what others prepared (a third keeper gives the second approval above the threshold), post
what is approved and not flagged; the fund supervisor resolves their flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.ledger.models import JournalEntry
from itisa.ledger.services import entry_approve, entry_draft, entry_flag, entry_submit, flag_resolve
from itisa.notifications.models import Notification
from tests.factories import UserFactory
from tests.todo_helpers import items

D = dt.date(2026, 3, 15)


def _keeper(world: Any, username: str, **kw: Any) -> Any:
    user = UserFactory(username=username, **kw)
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.csa)
    return user


def _submitted(world: Any, books: Any, amount: str = "20000.00", memo: str = "会费收入") -> JournalEntry:
    s = world.user("secretariat")
    entry, _created = entry_draft(
        by=s, book=books.book, date=D, memo=memo, idempotency_key=memo,
        postings=[
            {"account": "1002", "fund": str(books.dues.pk), "amount": amount},
            {"account": "4201", "fund": str(books.dues.pk), "amount": f"-{amount}"},
        ],
    )  # fmt: skip
    return entry_submit(by=s, entry=entry)


def _row(kind: str, title: str, entry: JournalEntry, detail: str = "") -> tuple[Any, ...]:
    return (
        kind,
        f"{title} 15 Mar 2026 {entry.memo}",
        detail,
        f"/en/ledger/entries/{entry.pk}/",
        "CSA",
        None,
        False,
    )


def test_keepers_approve_what_others_prepared_then_post_it(world: Any, books: Any) -> None:
    other = _keeper(world, "secretariat2")
    entry = _submitted(world, books)
    assert items(other) == [_row("ledger.entry.approve", "Approve", entry)]
    assert items(world.user("secretariat")) == []  # the preparer never approves
    for persona in ("fund_supervisor", "national_officer", "member_contact"):
        assert items(world.user(persona)) == []
    entry_approve(by=other, entry=entry)
    post = _row("ledger.entry.post", "Post", entry)
    assert items(other) == [post]
    assert items(world.user("secretariat")) == [post]


def test_above_the_threshold_a_third_keeper_gives_the_second_approval(world: Any, books: Any) -> None:
    first, third = _keeper(world, "secretariat2"), _keeper(world, "secretariat3")
    entry = _submitted(world, books, amount="150000.00", memo="大额拨款")
    entry_approve(by=first, entry=entry)
    assert items(first) == []
    assert items(third) == [_row("ledger.entry.approve", "Approve", entry, "second approval")]
    assert items(world.user("secretariat")) == []


def test_a_flagged_entry_waits_for_the_supervisor_to_resolve_the_flag(world: Any, books: Any) -> None:
    other = _keeper(world, "secretariat2")
    entry = _submitted(world, books)
    entry_approve(by=other, entry=entry)
    supervisor = world.user("fund_supervisor")
    flag = entry_flag(by=supervisor, entry=entry, comment="缺少收款凭证")
    assert items(supervisor) == [_row("ledger.flag.resolve", "Resolve the flag on", entry, "缺少收款凭证")]
    assert items(other) == []  # it cannot post while flagged
    told = Notification.objects.get(kind="ledger.entry.flagged")
    assert (told.recipient.username, told.subject, told.body, told.url) == (
        "secretariat",
        "经费监督人标记了您的凭证：会费收入",
        "缺少收款凭证",
        f"/ledger/entries/{entry.pk}/",
    )
    flag_resolve(by=supervisor, flag=flag, resolution="已补交凭证")
    assert items(supervisor) == []
    assert items(other) == [_row("ledger.entry.post", "Post", entry)]


def test_each_step_tells_whoever_does_the_next_in_their_language(
    world: Any, books: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    en = _keeper(world, "secretariat2", preferred_language="en", email="s2@example.cn")
    zh = _keeper(world, "secretariat3", email="s3@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        entry = _submitted(world, books, amount="150000.00", memo="大额拨款")
    submitted = Notification.objects.filter(kind="ledger.entry.submitted").order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.body, n.url) for n in submitted] == [
        (
            "secretariat2",
            "Journal entry to approve: 大额拨款",
            "15 Mar 2026 大额拨款",
            f"/en/ledger/entries/{entry.pk}/",
        ),
        ("secretariat3", "待审核的凭证：大额拨款", "2026年3月15日 大额拨款", f"/ledger/entries/{entry.pk}/"),
    ]
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        ("s2@example.cn", "Journal entry to approve: 大额拨款"),
        ("s3@example.cn", "待审核的凭证：大额拨款"),
    ]
    entry_approve(by=en, entry=entry)
    second = Notification.objects.filter(kind="ledger.entry.second_approval")
    assert [(n.recipient.username, n.subject) for n in second] == [
        ("secretariat3", "凭证需要第二人审核：大额拨款")
    ]
    entry_approve(by=zh, entry=entry)
    approved = Notification.objects.filter(kind="ledger.entry.approved").order_by("recipient__username")
    assert [(n.recipient.username, n.subject) for n in approved] == [
        ("secretariat", "凭证已审核，待过账：大额拨款"),
        ("secretariat2", "Journal entry approved, to post: 大额拨款"),
    ]


def test_a_submission_rolled_back_tells_nobody(
    world: Any, books: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    _keeper(world, "secretariat2", email="s2@example.cn")
    s = world.user("secretariat")
    entry, _created = entry_draft(
        by=s, book=books.book, date=D, memo="会费收入", idempotency_key="k",
        postings=[
            {"account": "1002", "fund": str(books.dues.pk), "amount": "10.00"},
            {"account": "4201", "fund": str(books.dues.pk), "amount": "-10.00"},
        ],
    )  # fmt: skip
    before = (Notification.objects.count(), AuditEntry.objects.count())
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        entry_submit(by=s, entry=entry)
        raise RuntimeError("failed after submitting")
    assert (Notification.objects.count(), AuditEntry.objects.count()) == before
    assert mailoutbox == []
