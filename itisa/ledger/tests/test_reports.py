"""Statement of activities and balance sheet: exact, split by restriction, and the balance sheet balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import Client

from itisa.accounts.models import RoleAssignment
from itisa.ledger.reports import balance_sheet, statement_of_activities
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_submit
from tests.factories import UserFactory


def _post_all(world: Any, books: Any) -> None:
    s = world.user("secretariat")
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    rows = [
        (dt.date(2026, 1, 20), [("1002", books.dues, "50000.00"), ("4201", books.dues, "-50000.00")]),
        (dt.date(2026, 2, 28), [("1002", books.grant, "80000.00"), ("4401", books.grant, "-80000.00")]),
        (dt.date(2026, 3, 15), [("5101", books.grant, "12600.50"), ("1002", books.grant, "-12600.50")]),
        (dt.date(2026, 3, 31), [("5201", books.dues, "3280.00"), ("1002", books.dues, "-3280.00")]),
        (dt.date(2026, 4, 2), [("5201", books.dues, "100.00"), ("1002", books.dues, "-100.00")]),
    ]
    for i, (date, lines) in enumerate(rows):
        postings = [{"account": a, "fund": str(f.pk), "amount": x} for a, f, x in lines]
        entry, _ = entry_draft(
            by=s, book=books.book, date=date, memo=f"r{i}", postings=postings, idempotency_key=f"r{i}"
        )
        entry_submit(by=s, entry=entry)
        entry_approve(by=approver, entry=entry)
        entry_post(by=s, entry=entry)


def test_statement_of_activities_splits_restricted_and_unrestricted(world: Any, books: Any) -> None:
    _post_all(world, books)
    a = statement_of_activities(books.book, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    assert [(r.account.code, r.unrestricted, r.restricted) for r in a.income.rows] == [
        ("4201", Decimal("50000.00"), Decimal("0.00")),
        ("4401", Decimal("0.00"), Decimal("80000.00")),
    ]
    assert [(r.account.code, r.unrestricted, r.restricted) for r in a.expenses.rows] == [
        ("5101", Decimal("0.00"), Decimal("12600.50")),
        ("5201", Decimal("3280.00"), Decimal("0.00")),
    ]
    assert (a.change_unrestricted, a.change_restricted, a.change) == (
        Decimal("46720.00"),
        Decimal("67399.50"),
        Decimal("114119.50"),
    )


def test_the_balance_sheet_balances(world: Any, books: Any) -> None:
    _post_all(world, books)
    b = balance_sheet(books.book, end=dt.date(2026, 3, 31))
    assert [(r.account.code, r.total) for r in b.assets.rows] == [("1002", Decimal("114119.50"))]
    assert (b.liabilities.total, b.net_assets_unrestricted, b.net_assets_restricted) == (
        Decimal("0.00"),
        Decimal("46720.00"),
        Decimal("67399.50"),
    )
    assert b.balances is True
    assert balance_sheet(books.book, end=dt.date(2026, 4, 30)).assets.total == Decimal("114019.50")


def test_reports_page_and_excel(world: Any, books: Any) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    _post_all(world, books)
    c = Client()
    c.force_login(world.user("fund_supervisor"))
    page = c.get("/en/alliances/CSA/ledger/reports/?start=2026-01-01&end=2026-03-31").content.decode()
    assert 'data-testid="balance-check">✔' in page
    assert "114,119.50" in page
    r = c.get("/en/alliances/CSA/ledger/reports.xlsx?start=2026-01-01&end=2026-03-31")
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == ["业务活动表", "资产负债表"]
    values = [row for row in wb["资产负债表"].iter_rows(values_only=True)]
    assert ("1002", "银行存款", 46720, 67399.5, 114119.5) in values
    assert c.get("/en/alliances/CSA/ledger/reports/?start=2026-13-01").status_code == 200
    outsider = Client()
    outsider.force_login(world.user("council_member"))
    assert outsider.get("/en/alliances/CSA/ledger/reports/").status_code == 403
