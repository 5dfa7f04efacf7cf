"""Journal entries: balanced to the fen, separation of duties, gap-free numbers, immutable once posted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import DatabaseError, transaction

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.ledger.checks import run_checks
from itisa.ledger.models import Account, JournalEntry, Posting
from itisa.ledger.selectors import balances, trial_balance
from itisa.ledger.services import (
    entry_approve,
    entry_draft,
    entry_post,
    entry_reverse,
    entry_submit,
    period_close,
)
from itisa.ledger.tests.conftest import npo_rows
from tests.factories import UserFactory

D = dt.date(2026, 3, 15)


def _state() -> tuple[int, ...]:
    return (JournalEntry.objects.count(), Posting.objects.count(), AuditEntry.objects.count())


def _dues(books: Any, amount: str = "20000.00", key: str = "k1") -> list[dict[str, Any]]:
    return [
        {"account": "1002", "fund": str(books.dues.pk), "amount": amount},
        {"account": "4201", "fund": str(books.dues.pk), "amount": f"-{amount}"},
    ]


@pytest.fixture
def approver(world: Any) -> Any:
    user = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.csa)
    return user


def _post(
    world: Any, books: Any, approver: Any, postings: list[dict[str, Any]], key: str, date: dt.date = D
) -> JournalEntry:
    s = world.user("secretariat")
    entry, _ = entry_draft(
        by=s, book=books.book, date=date, memo="会费收入", postings=postings, idempotency_key=key
    )
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    return entry_post(by=s, entry=entry)


def test_the_2004_chart_loads_48_accounts_in_five_classes(books: Any) -> None:
    assert Account.objects.filter(chart=books.chart).count() == len(npo_rows()) == 48
    classes = dict(Account.objects.filter(chart=books.chart).values_list("code", "account_class"))
    assert (classes["1002"], classes["2101"], classes["3102"], classes["4201"], classes["5101"]) == (
        "asset",
        "liability",
        "net_assets",
        "income",
        "expense",
    )
    restricted = dict(
        Account.objects.filter(chart=books.chart, account_class="net_assets").values_list(
            "code", "restricted"
        )
    )
    assert restricted == {"3101": False, "3102": True}


def test_an_entry_goes_draft_submitted_approved_posted_with_the_next_number(
    world: Any, books: Any, approver: Any
) -> None:
    first = _post(world, books, approver, _dues(books), "k1")
    second = _post(world, books, approver, _dues(books, "5000.50"), "k2")
    assert (first.status, first.number, str(first.period), second.number) == ("posted", 1, "2026-03", 2)
    assert balances(books.book) == {
        ("1002", books.dues.pk): Decimal("25000.50"),
        ("4201", books.dues.pk): Decimal("-25000.50"),
    }
    tb = {r.account.code: (r.debit, r.credit, r.balance) for r in trial_balance(books.book)}
    assert tb == {
        "1002": (Decimal("25000.50"), Decimal("0"), Decimal("25000.50")),
        "4201": (Decimal("0"), Decimal("25000.50"), Decimal("25000.50")),
    }
    assert run_checks(books.book) == []


@pytest.mark.parametrize(
    ("postings", "field"),
    [
        ([{"account": "1002", "fund": "{d}", "amount": "100.00"}], "postings"),
        (
            [
                {"account": "1002", "fund": "{d}", "amount": "100.00"},
                {"account": "4201", "fund": "{d}", "amount": "-99.99"},
            ],
            "postings",
        ),
        (
            [
                {"account": "1002", "fund": "{d}", "amount": "100.001"},
                {"account": "4201", "fund": "{d}", "amount": "-100.001"},
            ],
            "postings.0.amount",
        ),
        (
            [
                {"account": "1002", "fund": "{d}", "amount": 100.0},
                {"account": "4201", "fund": "{d}", "amount": -100.0},
            ],
            "postings.0.amount",
        ),
        (
            [
                {"account": "1002", "fund": "{d}", "amount": "100", "currency": "USD"},
                {"account": "4201", "fund": "{d}", "amount": "-100"},
            ],
            "postings.0.currency",
        ),
        (
            [
                {"account": "9999", "fund": "{d}", "amount": "100"},
                {"account": "4201", "fund": "{d}", "amount": "-100"},
            ],
            "postings.0.account",
        ),
        (
            [
                {"account": "1002", "fund": "0", "amount": "100"},
                {"account": "4201", "fund": "{d}", "amount": "-100"},
            ],
            "postings.0.fund",
        ),
        (
            [
                {"account": "1002", "fund": "{d}", "amount": "0"},
                {"account": "4201", "fund": "{d}", "amount": "0"},
            ],
            "postings.0.amount",
        ),
    ],
    ids=[
        "one posting",
        "unbalanced",
        "below the fen",
        "float",
        "wrong currency",
        "unknown account",
        "unknown fund",
        "zero",
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(
    world: Any, books: Any, postings: list[dict[str, Any]], field: str
) -> None:
    rows = [{k: (str(books.dues.pk) if v == "{d}" else v) for k, v in p.items()} for p in postings]
    before = _state()
    with pytest.raises(DomainError) as exc:
        entry_draft(
            by=world.user("secretariat"),
            book=books.book,
            date=D,
            memo="x",
            postings=rows,
            idempotency_key="bad",
        )
    assert field in exc.value.fields
    assert _state() == before


def test_an_account_of_another_chart_is_refused(world: Any, books: Any) -> None:
    from itisa.ledger.services import chart_load

    other = chart_load(
        code="npo-2026", name_zh="修订版", rows=[{"code": "1003", "name_zh": "数字货币", "class": "asset"}]
    )
    assert other.accounts.count() == 1
    before = _state()
    with pytest.raises(DomainError) as exc:
        entry_draft(
            by=world.user("secretariat"), book=books.book, date=D, memo="x", idempotency_key="x",
            postings=[{"account": "1003", "fund": str(books.dues.pk), "amount": "1"}, {"account": "4201", "fund": str(books.dues.pk), "amount": "-1"}],
        )  # fmt: skip
    assert "postings.0.account" in exc.value.fields
    assert _state() == before


def test_a_retried_request_never_books_twice(world: Any, books: Any) -> None:
    s = world.user("secretariat")
    first, created = entry_draft(
        by=s, book=books.book, date=D, memo="会费", postings=_dues(books), idempotency_key="retry-1"
    )
    before = _state()
    again, created_again = entry_draft(
        by=s, book=books.book, date=D, memo="会费", postings=_dues(books), idempotency_key="retry-1"
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert _state() == before


def test_the_preparer_never_approves_and_big_entries_need_two_approvals(
    world: Any, books: Any, approver: Any
) -> None:
    s = world.user("secretariat")
    entry, _ = entry_draft(
        by=s,
        book=books.book,
        date=D,
        memo="大额拨款",
        postings=_dues(books, "150000.00"),
        idempotency_key="big",
    )
    entry_submit(by=s, entry=entry)
    before = _state()
    with pytest.raises(PermissionDenied, match="preparer"):
        entry_approve(by=s, entry=entry)
    with pytest.raises(PermissionDenied):
        entry_approve(by=world.user("fund_supervisor"), entry=entry)
    assert _state() == before
    entry = entry_approve(by=approver, entry=entry)
    assert (entry.status, entry.approved_by) == ("submitted", approver)  # 150,000 > 100,000: one more
    with pytest.raises(PermissionDenied, match="another person"):
        entry_approve(by=approver, entry=entry)
    with pytest.raises(InvalidTransition):
        entry_post(by=s, entry=entry)
    entry = entry_approve(by=world.user("national_officer"), entry=entry)
    assert (entry.status, entry.second_approved_by.username) == ("approved", "national_officer")
    assert entry_post(by=s, entry=entry).number == 1


def test_posted_entries_never_change_in_the_database(world: Any, books: Any, approver: Any) -> None:
    entry = _post(world, books, approver, _dues(books), "k1")
    posting = entry.postings.first()
    for attempt in (
        lambda: JournalEntry.objects.filter(pk=entry.pk).update(memo="改"),
        lambda: JournalEntry.objects.filter(pk=entry.pk).delete(),
        lambda: Posting.objects.filter(pk=posting.pk).update(amount=Decimal("1.00")),
        lambda: Posting.objects.filter(pk=posting.pk).delete(),
        lambda: Posting.objects.create(
            entry=entry, account=posting.account, fund=books.dues, amount=Decimal("1.00")
        ),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert balances(books.book)[("1002", books.dues.pk)] == Decimal("20000.00")


def test_the_database_refuses_to_post_an_unbalanced_entry(world: Any, books: Any) -> None:
    s = world.user("secretariat")
    entry, _ = entry_draft(
        by=s, book=books.book, date=D, memo="x", postings=_dues(books), idempotency_key="raw"
    )
    Posting.objects.filter(entry=entry, amount__lt=0).update(amount=Decimal("-19999.99"))
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(
            status="posted", number=1, posted_at=entry.created_at, period=None
        )
    assert JournalEntry.objects.get(pk=entry.pk).status == "draft"


def test_a_reversal_nets_to_zero_and_links_the_original(world: Any, books: Any, approver: Any) -> None:
    original = _post(world, books, approver, _dues(books), "k1")
    reversal = entry_reverse(by=world.user("secretariat"), entry=original, date=dt.date(2026, 3, 20))
    assert (reversal.reverses, reversal.status) == (original, "draft")
    entry_submit(by=world.user("secretariat"), entry=reversal)
    entry_approve(by=approver, entry=reversal)
    entry_post(by=world.user("secretariat"), entry=reversal)
    assert set(balances(books.book).values()) == {Decimal("0.00")}


def test_nothing_posts_into_a_closed_period(world: Any, books: Any, approver: Any) -> None:
    s = world.user("secretariat")
    entry, _ = entry_draft(
        by=s, book=books.book, date=D, memo="x", postings=_dues(books), idempotency_key="late"
    )
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    period_close(by=s, book=books.book, year=2026, month=3)
    before = _state()
    with pytest.raises(DomainError, match="closed"):
        entry_post(by=s, entry=entry)
    with pytest.raises(DomainError, match="closed"):
        entry_draft(by=s, book=books.book, date=D, memo="y", postings=_dues(books), idempotency_key="late-2")
    assert _state() == before
    assert JournalEntry.objects.get(pk=entry.pk).status == "approved"


@pytest.mark.parametrize("persona", ["fund_supervisor", "council_member", "outsider", "anonymous"])
def test_only_the_keepers_prepare_entries(world: Any, books: Any, persona: str) -> None:
    before = _state()
    with pytest.raises(PermissionDenied):
        entry_draft(
            by=world.user(persona),
            book=books.book,
            date=D,
            memo="x",
            postings=_dues(books),
            idempotency_key="p",
        )
    assert _state() == before


def test_a_supervisors_flag_blocks_posting_until_resolved(world: Any, books: Any, approver: Any) -> None:
    from itisa.ledger.services import entry_flag, flag_resolve

    s = world.user("secretariat")
    supervisor = world.user("fund_supervisor")
    entry, _ = entry_draft(
        by=s, book=books.book, date=D, memo="咨询费", postings=_dues(books), idempotency_key="flag"
    )
    entry_submit(by=s, entry=entry)
    entry = entry_approve(by=approver, entry=entry)
    before = _state()
    with pytest.raises(PermissionDenied):
        entry_flag(by=s, entry=entry, comment="自查")
    assert _state() == before
    flag = entry_flag(by=supervisor, entry=entry, comment="缺少合同附件")
    before = _state()
    with pytest.raises(DomainError, match="flagged"):
        entry_post(by=s, entry=entry)
    assert _state() == before
    with pytest.raises(PermissionDenied):
        flag_resolve(by=s, flag=flag, resolution="已补")
    flag_resolve(by=supervisor, flag=flag, resolution="已补充合同扫描件")
    assert entry_post(by=s, entry=entry).status == "posted"
    with pytest.raises(InvalidTransition):
        entry_flag(by=supervisor, entry=entry, comment="过账后")


def test_a_changed_amount_is_caught_against_the_audit_chain(world: Any, books: Any, approver: Any) -> None:
    from django.db import connection

    entry = _post(world, books, approver, _dues(books), "k1")
    assert run_checks(books.book) == []
    posting = entry.postings.get(amount__gt=0)
    with connection.cursor() as cursor:  # someone goes around the triggers (rolled back with the test)
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER ledger_posting_posted_no_update")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire the pending FK checks before ALTER TABLE
            cursor.execute("ALTER TABLE ledger_posting DISABLE TRIGGER ledger_posting_guard")
        cursor.execute("UPDATE ledger_posting SET amount = 21000 WHERE id = %s", [posting.pk])
    problems = run_checks(books.book)
    assert [p.check for p in problems] == ["unbalanced", "audit"]
    assert problems[1].message.startswith(f"entry {entry.pk}: postings differ from the audit record")


def test_host_unit_finance_staff_keep_the_books_only_when_entrusted(world: Any, books: Any) -> None:
    from itisa.ledger.services import book_entrust

    host = UserFactory(username="host-finance")
    RoleAssignment.objects.create(user=host, role="host_finance", alliance=world.csa)
    before = _state()
    with pytest.raises(PermissionDenied):
        entry_draft(
            by=host, book=books.book, date=D, memo="托管前", postings=_dues(books), idempotency_key="h0"
        )
    with pytest.raises(PermissionDenied):
        book_entrust(by=host, book=books.book, entrusted=True)
    assert _state() == before
    book_entrust(by=world.user("secretariat"), book=books.book, entrusted=True)
    entry, created = entry_draft(
        by=host, book=books.book, date=D, memo="托管后", postings=_dues(books), idempotency_key="h1"
    )
    assert (created, entry.prepared_by) == (True, host)
    book_entrust(by=world.user("secretariat"), book=books.book, entrusted=False)
    with pytest.raises(PermissionDenied):
        entry_submit(by=host, entry=entry)


def test_a_different_entry_under_a_used_key_is_refused(world: Any, books: Any) -> None:
    from itisa.core.errors import Conflict

    s = world.user("secretariat")
    entry_draft(by=s, book=books.book, date=D, memo="会费", postings=_dues(books), idempotency_key="same")
    before = _state()
    with pytest.raises(Conflict, match="already used for another entry"):
        entry_draft(
            by=s, book=books.book, date=D, memo="会费", postings=_dues(books, "1.00"), idempotency_key="same"
        )
    assert _state() == before


def test_itisa_audit_verify_detects_a_changed_amount(world: Any, books: Any, approver: Any) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command
    from django.db import connection

    entry = _post(world, books, approver, _dues(books), "k1")
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("OK:")
    posting = entry.postings.get(amount__gt=0)
    with connection.cursor() as cursor:  # around the triggers, as someone with database access could
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER ledger_posting_posted_no_update")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE ledger_posting DISABLE TRIGGER ledger_posting_guard")
        cursor.execute("UPDATE ledger_posting SET amount = 20000.01 WHERE id = %s", [posting.pk])
    err = StringIO()
    with pytest.raises(CommandError, match="1 records differ"):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert f"ledger: CSA entry {entry.pk}: postings differ from the audit record" in err.getvalue()
