"""The setup page's forms, the period and report forms, and the reports workbook's spreadsheet safety.

A refused post writes nothing (no row, no audit entry) and shows the exact reason on the page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from itisa.audit.models import AuditEntry
from itisa.ledger.forms import BookOpenForm, BudgetForm, FundForm, PeriodCloseForm, ReportPeriodForm
from itisa.ledger.models import Book, Budget, Fund
from itisa.ledger.permissions import can_open_book, can_set_up_books
from itisa.ledger.services import chart_load
from itisa.ledger.tests.conftest import npo_rows

SETUP = "/en/alliances/CSA/ledger/setup/"
NOT_AN_AMOUNT = (
    "Not an amount: write the digits 0-9 with an optional minus sign and decimal point, "
    "e.g. -1200.50 (no spaces, exponents or full-width digits)."
)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_budget_form_converts_the_amount_to_a_decimal(world: Any, books: Any) -> None:
    form = BudgetForm(
        {"fund": books.grant.pk, "year": "2026", "account": "5101", "amount": "30000.10"}, book=books.book
    )
    assert form.is_valid(), form.errors
    amount = form.cleaned_data["amount"]
    assert (type(amount), amount, form.cleaned_data["fund"]) == (Decimal, Decimal("30000.10"), books.grant)


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("abc", NOT_AN_AMOUNT),
        ("1e999", NOT_AN_AMOUNT),
        ("１００", NOT_AN_AMOUNT),
        (" 10 ", NOT_AN_AMOUNT),
        ("12.345", "An amount has at most 2 decimal places (CNY to the fen)."),
        ("10000000000000", "The amount is too large: at most 13 digits before the decimal point."),
        ("", "This field is required."),
    ],
)
def test_the_budget_form_refuses_a_bad_amount(world: Any, books: Any, amount: str, error: str) -> None:
    form = BudgetForm(
        {"fund": books.grant.pk, "year": "2026", "account": "5101", "amount": amount}, book=books.book
    )
    assert not form.is_valid()
    assert form.errors == {"amount": [error]}


def test_the_budget_form_names_every_missing_field(world: Any, books: Any) -> None:
    form = BudgetForm({}, book=books.book)
    assert not form.is_valid()
    assert form.errors == {
        "fund": ["No such fund in this book."],
        "year": ["This field is required."],
        "account": ["This field is required."],
        "amount": ["This field is required."],
    }


def test_the_budget_form_offers_only_this_books_funds(world: Any, books: Any) -> None:
    other = Fund(pk=books.grant.pk + 1000)
    form = BudgetForm({"fund": other.pk, "year": "2026", "account": "5101", "amount": "1"}, book=books.book)
    assert not form.is_valid()
    assert form.errors == {"fund": ["No such fund in this book."]}


def test_the_book_and_fund_forms(world: Any) -> None:
    chart = chart_load(code="npo-2004", name_zh="民非2004", rows=npo_rows())
    assert BookOpenForm({}).errors == {"chart": ["Choose a chart of accounts."]}
    assert BookOpenForm({"chart": chart.pk, "second_approval_above": "5万"}).errors == {
        "second_approval_above": [NOT_AN_AMOUNT]
    }
    form = BookOpenForm({"chart": chart.pk, "second_approval_above": ""})
    assert form.is_valid() and form.cleaned_data == {"chart": chart, "second_approval_above": None}
    assert FundForm({"kind": "lottery", "name_zh": ""}).errors == {
        "kind": ["Select a valid choice. lottery is not one of the available choices."],
        "name_zh": ["This field is required."],
    }


def _nothing_written(before: int) -> bool:
    return AuditEntry.objects.count() == before


def test_a_refused_setup_post_writes_nothing_and_shows_why(world: Any) -> None:
    chart = chart_load(code="npo-2004", name_zh="民非2004", rows=npo_rows())
    c = _client(world.user("secretariat"))
    before = AuditEntry.objects.count()
    r = c.post(SETUP, {"action": "open", "chart": chart.pk, "second_approval_above": "abc"})
    page = r.content.decode()
    assert r.status_code == 200 and 'data-testid="form-errors"' in page
    assert f"Second approval above (CNY)</a>: {NOT_AN_AMOUNT}" in page
    assert 'value="abc"' in page
    assert not Book.objects.exists() and _nothing_written(before)
    # a move that does not fit the page (no book yet) is refused too
    r = c.post(SETUP, {"action": "fund", "kind": "dues", "name_zh": "会费"})
    assert r.status_code == 302 and not Fund.objects.exists() and _nothing_written(before)


def test_the_services_refusals_show_on_their_fields(world: Any, books: Any) -> None:
    c = _client(world.user("secretariat"))
    before = AuditEntry.objects.count()
    funds = Fund.objects.count()
    r = c.post(
        SETUP, {"action": "fund", "kind": "government_grant", "name_zh": "新课题", "granting_department": ""}
    )
    page = r.content.decode()
    assert r.status_code == 200
    assert "Granting department</a>: A government grant names its granting department." in page
    assert 'value="新课题"' in page
    assert Fund.objects.count() == funds and _nothing_written(before)
    r = c.post(
        SETUP, {"action": "budget", "fund": books.grant.pk, "year": "2026", "account": "5101", "amount": "-5"}
    )
    page = r.content.decode()
    assert "Budget (CNY)</a>: A budget cannot be negative." in page
    assert f'<option value="{books.grant.pk}" selected>' in page and '<option value="5101" selected>' in page
    r = c.post(
        SETUP, {"action": "budget", "fund": books.grant.pk, "year": "2026", "account": "5101", "amount": "x"}
    )
    assert f"Budget (CNY)</a>: {NOT_AN_AMOUNT}" in r.content.decode()
    assert not Budget.objects.exists() and _nothing_written(before)
    r = c.post(
        SETUP,
        {"action": "budget", "fund": books.grant.pk, "year": "2026", "account": "5101", "amount": "0.10"},
    )
    assert r.status_code == 302
    assert list(Budget.objects.values_list("amount", flat=True)) == [Decimal("0.10")]


def test_who_sets_up_the_books(world: Any) -> None:
    s, sup = world.user("secretariat"), world.user("fund_supervisor")
    assert can_open_book(s, world.csa) and can_set_up_books(s, world.csa)
    refused = can_set_up_books(sup, world.csa)
    assert (bool(refused), str(refused.reason)) == (False, "Only the alliance's secretariat opens its book.")
    r = _client(sup).post(SETUP, {"action": "open", "chart": "1"})
    assert r.status_code == 403 and not Book.objects.exists()


def test_the_period_close_form() -> None:
    form = PeriodCloseForm({"month": "2026-02", "confirmed": "1"})
    assert form.is_valid() and form.cleaned_data["month"] == dt.date(2026, 2, 1)
    assert PeriodCloseForm({"month": "2026-13"}).errors == {
        "month": ["Choose a month (YYYY-MM)."],
        "confirmed": ["Confirm that nothing may post into the month any more."],
    }


@time_machine.travel(dt.datetime(2026, 5, 10, 4, tzinfo=dt.UTC), tick=False)
def test_the_report_period_form() -> None:
    assert ReportPeriodForm({}).period() == (dt.date(2026, 1, 1), dt.date(2026, 5, 10), [])
    assert ReportPeriodForm({"start": "2026-13-01", "end": "2026-03-31"}).period() == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
        ["Not a date (YYYY-MM-DD): 2026-13-01"],
    )
    assert ReportPeriodForm({"start": "2026-04-01", "end": "2026-03-31"}).period() == (
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 1),
        ["The period ends before it starts."],
    )


def test_the_reports_workbook_never_writes_a_formula(world: Any, books: Any) -> None:
    """Formula injection: a name starting with "=" is written as text, escaped with a quote."""
    from openpyxl import load_workbook

    from itisa.ledger.services import budget_set, fund_create
    from itisa.registry.models import Alliance

    Alliance.objects.filter(pk=world.csa.pk).update(name_zh='=HYPERLINK("http://evil.example","点击")')
    s = world.user("secretariat")
    fund = fund_create(by=s, book=books.book, kind="other", name_zh="=1+1")
    budget_set(by=s, fund=fund, year=2026, account_code="5101", amount="100.00")
    r = _client(s).get("/en/alliances/CSA/ledger/reports.xlsx?start=2026-01-01&end=2026-03-31")
    assert r.status_code == 200
    wb = load_workbook(BytesIO(r.content))
    for ws in wb.worksheets:
        a1 = ws["A1"]
        assert (a1.value, a1.data_type) == ('\'=HYPERLINK("http://evil.example","点击")', "s")
        formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
    funds = [row[0] for row in wb["预算执行"].iter_rows(min_row=3, values_only=True)]
    assert "'=1+1" in funds
