"""The ledger's reads do not grow with the data (issue 19): the entry list and the audit consistency check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itisa.accounts.models import RoleAssignment
from itisa.audit.consistency import CHECKS
from itisa.ledger.services import book_open, entry_approve, entry_draft, entry_post, entry_submit, fund_create
from itisa.ledger.tests.conftest import Books
from tests.factories import UserFactory

D = dt.date(2026, 3, 15)


def _draft(by: Any, books: Books, n: int) -> Any:
    entry, _created = entry_draft(
        by=by,
        book=books.book,
        date=D,
        memo=f"会费收入 {n}",
        postings=[
            {"account": "1002", "fund": str(books.dues.pk), "amount": f"{n}.00"},
            {"account": "4201", "fund": str(books.dues.pk), "amount": f"-{n}.00"},
        ],
        idempotency_key=f"k{n}",
    )
    return entry


def _list(client: Client) -> tuple[list[Any], int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/alliances/CSA/ledger/entries")
    assert response.status_code == 200
    return response.json()["items"], len(ctx.captured_queries)


def test_the_entry_list_reads_the_postings_of_every_entry_in_one_query(world: Any, books: Books) -> None:
    s = world.user("secretariat")
    client = Client()
    client.force_login(s)
    for n in (1, 2):
        _draft(s, books, n)
    items, few = _list(client)
    assert [[(p["account"], p["amount"]) for p in item["postings"]] for item in items] == [
        [("1002", "2.00"), ("4201", "-2.00")],
        [("1002", "1.00"), ("4201", "-1.00")],
    ]
    for n in range(3, 13):
        _draft(s, books, n)
    items, many = _list(client)
    assert len(items) == 12
    assert items[0]["postings"][0] == {
        "account": "1002",
        "account_name_zh": "银行存款",
        "fund": books.dues.pk,
        "amount": "12.00",
        "memo": "",
        "cost_object": None,
    }
    assert many == few


def _post(books: Books, keeper: Any, approver: Any, n: int, *, book: Any = None, fund: Any = None) -> None:
    book = book or books.book
    fund = fund or books.dues
    entry, _created = entry_draft(
        by=keeper,
        book=book,
        date=D,
        memo=f"会费收入 {n}",
        postings=[
            {"account": "1002", "fund": str(fund.pk), "amount": f"{n}.00"},
            {"account": "4201", "fund": str(fund.pk), "amount": f"-{n}.00"},
        ],
        idempotency_key=f"k{n}",
    )
    entry_submit(by=keeper, entry=entry)
    entry_approve(by=approver, entry=entry)
    entry_post(by=keeper, entry=entry)


def _ledger_check() -> tuple[list[str], int]:
    with CaptureQueriesContext(connection) as ctx:
        problems = CHECKS["ledger"]()
    return problems, len(ctx.captured_queries)


def test_the_ledger_check_of_audit_verify_reads_each_record_once(world: Any, books: Books) -> None:
    s = world.user("secretariat")
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    _post(books, s, approver, 1)
    problems, one_book = _ledger_check()
    assert problems == []
    # a second book (the national office keeps SDC's) and more posted entries in both
    national = world.user("national_officer")
    national2 = UserFactory(username="national2")
    RoleAssignment.objects.create(user=national2, role="national_officer")
    sdc_book = book_open(by=national, alliance=world.sdc, chart=books.chart)
    sdc_fund = fund_create(by=national, book=sdc_book, kind="dues", name_zh="会费")
    for n in range(2, 6):
        _post(books, s, approver, n)
        _post(books, national, national2, 100 + n, book=sdc_book, fund=sdc_fund)
    problems, two_books = _ledger_check()
    assert problems == []
    assert two_books == one_book == 2
