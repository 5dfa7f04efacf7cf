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
    assert wb.sheetnames == ["业务活动表", "资产负债表", "试算平衡表", "预算执行"]
    assert ("1002", "银行存款", 130000, 15880.5, 114119.5) in list(
        wb["试算平衡表"].iter_rows(values_only=True)
    )
    values = [row for row in wb["资产负债表"].iter_rows(values_only=True)]
    assert ("1002", "银行存款", 46720, 67399.5, 114119.5) in values
    assert c.get("/en/alliances/CSA/ledger/reports/?start=2026-13-01").status_code == 200
    outsider = Client()
    outsider.force_login(world.user("council_member"))
    assert outsider.get("/en/alliances/CSA/ledger/reports/").status_code == 403


def test_budget_vs_actual_and_the_budget_checks(world: Any, books: Any) -> None:
    from itisa.audit.models import AuditEntry
    from itisa.core.errors import DomainError
    from itisa.ledger.checks import run_checks
    from itisa.ledger.models import Budget
    from itisa.ledger.reports import budget_vs_actual
    from itisa.ledger.services import budget_set

    s = world.user("secretariat")
    budget_set(by=s, fund=books.grant, year=2026, account_code="5101", amount="12000.00")
    budget_set(by=s, fund=books.dues, year=2026, account_code="5201", amount="5000.00")
    before = (Budget.objects.count(), AuditEntry.objects.count())
    for bad in (
        {"account_code": "4201", "amount": "1.00"},
        {"account_code": "5101", "amount": "-1.00"},
        {"account_code": "5101", "amount": 1.5},
    ):
        try:
            budget_set(by=s, fund=books.grant, year=2026, **bad)
        except DomainError:
            pass
        else:  # pragma: no cover
            raise AssertionError(bad)
    assert (Budget.objects.count(), AuditEntry.objects.count()) == before
    _post_all(world, books)
    rows = [
        (r.fund, r.account.code, r.budget, r.actual, r.overrun)
        for r in budget_vs_actual(books.book, year=2026)
    ]
    assert rows == [
        ("会费", "5201", Decimal("5000.00"), Decimal("3380.00"), False),
        ("国家重点研发计划课题经费", "5101", Decimal("12000.00"), Decimal("12600.50"), True),
    ]
    problems = run_checks(books.book)
    assert [p.check for p in problems] == ["budget"]
    assert problems[0].message == "国家重点研发计划课题经费 5101 2026: spent 12600.50 of a budget of 12000.00"
    budget_set(by=s, fund=books.grant, year=2026, account_code="5101", amount="13000.00")
    assert run_checks(books.book) == []


def test_a_restricted_grant_spends_only_on_its_budgeted_categories(world: Any, books: Any) -> None:
    from itisa.ledger.checks import restricted_spending_outside_budget
    from itisa.ledger.services import budget_set

    s = world.user("secretariat")
    budget_set(by=s, fund=books.grant, year=2026, account_code="5101", amount="100000.00")
    _post_all(world, books)
    assert restricted_spending_outside_budget(books.book) == []
    approver = UserFactory(username="secretariat3")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    postings = [
        {"account": "5201", "fund": str(books.grant.pk), "amount": "500.00"},
        {"account": "1002", "fund": str(books.grant.pk), "amount": "-500.00"},
    ]
    entry, _ = entry_draft(
        by=s, book=books.book, date=dt.date(2026, 5, 5), memo="挪用", postings=postings, idempotency_key="x"
    )
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    entry_post(by=s, entry=entry)
    problems = restricted_spending_outside_budget(books.book)
    assert [p.message for p in problems] == [
        f"entry {entry.pk}: fund {books.grant.pk} spent on 5201, outside its budget"
    ]


def test_charts_of_income_expenses_and_fund_holdings(world: Any, books: Any) -> None:
    from itisa.ledger.reports import fund_balances, monthly_chart

    _post_all(world, books)
    chart = monthly_chart(books.book, year=2026)
    assert [(r["label"], r["count"], r["width"]) for r in chart["income"]] == [
        ("2026-01", "50,000.00", 62),
        ("2026-02", "80,000.00", 100),
        ("2026-03", "0.00", 0),
        ("2026-04", "0.00", 0),
    ]
    assert [r["count"] for r in chart["expense"]] == ["0.00", "0.00", "15,880.50", "100.00"]
    assert [(r["label"], r["count"]) for r in fund_balances(books.book)] == [
        ("会费", "46,620.00"),
        ("国家重点研发计划课题经费", "67,399.50"),
    ]


def test_the_statements_print_as_pdf(world: Any, books: Any) -> None:
    _post_all(world, books)
    c = Client()
    c.force_login(world.user("fund_supervisor"))
    r = c.get("/en/alliances/CSA/ledger/reports.pdf?start=2026-01-01&end=2026-03-31")
    assert (r.status_code, r["Content-Type"]) == (200, "application/pdf")
    assert r["Content-Disposition"] == 'attachment; filename="CSA-reports-2026-03-31.pdf"'
    assert r.content.startswith(b"%PDF-")
