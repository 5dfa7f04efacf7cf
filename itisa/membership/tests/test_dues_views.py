"""Dues pages: the year's schedule, invoices with filters and totals, issuing with a confirmation
step, paying, cancelling, the Excel export; permissions and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from itisa.audit.models import AuditEntry
from itisa.membership.models import FeeSchedule, Invoice
from itisa.membership.services.dues import fee_set, invoices_issue
from tests.factories import MembershipFactory, OrganisationFactory

DUES = "/en/alliances/CSA/dues/"


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def counts() -> tuple[int, int, int]:
    return FeeSchedule.objects.count(), Invoice.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def fees(world: Any) -> None:
    by = world.user("secretariat")
    fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000.00"))
    fee_set(by=by, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))


@pytest.fixture
def issued(world: Any, fees: None) -> list[Invoice]:
    return invoices_issue(
        by=world.user("secretariat"),
        alliance=world.csa,
        year=2026,
        issued_on=dt.date(2026, 1, 15),
        due_on=dt.date(2026, 3, 31),
    )


def rows(content: bytes) -> list[str]:
    text = content.decode()
    return [part.split('"', 1)[0] for part in text.split('data-testid="invoice-row" data-number="')[1:]]


def test_keeper_sees_schedule_invoices_and_totals_to_the_fen(world: Any, issued: list[Invoice]) -> None:
    r = client_for(world.user("secretariat")).get(DUES, {"year": 2026})
    assert r.status_code == 200
    html = r.content.decode()
    assert rows(r.content) == ["CSA-2026-0001", "CSA-2026-0002"]
    assert '<td class="text-end">20,000.00</td>' in html
    assert '<td class="text-end">5,000.50</td>' in html
    assert 'data-testid="total-issued">25,000.50<' in html
    assert 'data-testid="total-unpaid">25,000.50<' in html
    assert 'data-testid="summary-paid">0.00<' in html
    assert 'data-testid="fee-form"' in html
    assert 'data-testid="dues-issue"' in html
    assert html.count('data-testid="invoice-paid"') == 2


def test_member_contact_sees_only_its_organisation_and_no_controls(world: Any, issued: list[Invoice]) -> None:
    r = client_for(world.user("member_contact")).get(DUES, {"year": 2026})
    assert r.status_code == 200
    html = r.content.decode()
    assert rows(r.content) == ["CSA-2026-0002"]
    assert 'data-testid="total-issued">5,000.50<' in html
    for control in ('data-testid="fee-form"', 'data-testid="dues-issue"', "invoice-paid", "dues-summary"):
        assert control not in html


@pytest.mark.parametrize("persona", ["outsider", "council_member", "expert"])
def test_others_may_not_see_dues(world: Any, persona: str) -> None:
    assert client_for(world.user(persona)).get(DUES).status_code == 403


def test_anonymous_is_sent_to_login(world: Any) -> None:
    r = client_for(None).get(DUES)
    assert r.status_code == 302
    assert "/login/" in r["Location"]


def test_filters_and_search(world: Any, issued: list[Invoice]) -> None:
    c = client_for(world.user("secretariat"))
    assert rows(c.get(DUES, {"year": 2026, "q": "乙大学"}).content) == ["CSA-2026-0002"]
    paid = c.get(DUES, {"year": 2026, "status": "paid"})
    assert rows(paid.content) == []
    # the totals follow the filters; the year's summary does not
    assert 'data-testid="total-issued">0.00<' in paid.content.decode()
    assert 'data-testid="summary-issued">25,000.50<' in paid.content.decode()
    assert rows(c.get(DUES, {"year": 2025}).content) == []
    # a bad year falls back to the current year without dropping the other filters
    assert c.get(DUES, {"year": "abc", "status": "unpaid"}).status_code == 200


def test_dues_page_query_count_does_not_grow_with_rows(
    world: Any, fees: None, django_assert_max_num_queries: Any
) -> None:
    c = client_for(world.user("secretariat"))
    invoices_issue(
        by=world.user("secretariat"),
        alliance=world.csa,
        year=2026,
        issued_on=dt.date(2026, 1, 15),
        due_on=dt.date(2026, 3, 31),
    )
    with django_assert_max_num_queries(10):
        r = c.get(DUES, {"year": 2026})
    assert len(rows(r.content)) == 2
    for _ in range(30):
        MembershipFactory(
            alliance=world.csa,
            organisation=OrganisationFactory(),
            rank="council",
            joined_on=dt.date(2020, 1, 1),
        )
    invoices_issue(
        by=world.user("secretariat"),
        alliance=world.csa,
        year=2026,
        issued_on=dt.date(2026, 1, 15),
        due_on=dt.date(2026, 3, 31),
    )
    with django_assert_max_num_queries(10):
        r = c.get(DUES, {"year": 2026})
    assert len(rows(r.content)) == 25
    assert 'data-testid="total-issued">175,015.50<' in r.content.decode()
    r = c.get(DUES, {"year": 2026, "page": 2})
    assert len(rows(r.content)) == 7


def test_set_fee_from_the_page(world: Any) -> None:
    c = client_for(world.user("secretariat"))
    r = c.post(f"{DUES}fees/", {"year": "2026", "rank": "vice_chair", "amount": "12000.5"})
    assert (r.status_code, r["Location"]) == (302, f"{DUES}?year=2026")
    assert FeeSchedule.objects.get().amount == Decimal("12000.50")
    before = counts()
    for amount in ("-5", "12.345", "abc"):
        r = c.post(f"{DUES}fees/", {"year": "2026", "rank": "vice_chair", "amount": amount})
        assert r.status_code == 200
        assert b'data-testid="form-errors"' in r.content
    assert counts() == before
    assert FeeSchedule.objects.get().amount == Decimal("12000.50")


def test_fee_change_after_issue_shows_the_refusal(world: Any, issued: list[Invoice]) -> None:
    before = counts()
    r = client_for(world.user("secretariat")).post(
        f"{DUES}fees/", {"year": "2026", "rank": "council", "amount": "1.00"}
    )
    assert r.status_code == 200
    assert b"Fixed: dues notices have been issued." in r.content
    assert counts() == before


def test_member_contact_may_not_set_fees_or_issue(world: Any, fees: None) -> None:
    c = client_for(world.user("member_contact"))
    before = counts()
    assert c.post(f"{DUES}fees/", {"year": "2026", "rank": "chair", "amount": "1"}).status_code == 403
    assert c.get(f"{DUES}issue/").status_code == 403
    data = {"year": "2026", "issued_on": "2026-01-15", "due_on": "2026-03-31", "confirmed": "1"}
    assert c.post(f"{DUES}issue/", data).status_code == 403
    assert counts() == before


def test_issue_shows_count_and_total_before_confirming(world: Any, fees: None) -> None:
    c = client_for(world.user("secretariat"))
    assert c.get(f"{DUES}issue/?year=2026").status_code == 200
    data = {"year": "2026", "issued_on": "2026-01-15", "due_on": "2026-03-31"}
    before = counts()
    r = c.post(f"{DUES}issue/", data)
    assert r.status_code == 200
    html = " ".join(r.content.decode().split())
    assert "2 dues notices for 2026 will be issued, 25,000.50 CNY in total." in html
    assert 'data-testid="issue-confirm"' in html
    assert counts() == before
    r = c.post(f"{DUES}issue/", {**data, "confirmed": "1"})
    assert (r.status_code, r["Location"]) == (302, f"{DUES}?year=2026")
    assert list(Invoice.objects.order_by("seq").values_list("number", flat=True)) == [
        "CSA-2026-0001",
        "CSA-2026-0002",
    ]
    # nothing left to issue: said so, no confirm button
    r = c.post(f"{DUES}issue/", data)
    assert b'data-testid="issue-nothing"' in r.content
    assert b'data-testid="issue-confirm"' not in r.content


def test_issue_with_due_date_before_issue_date_is_refused(world: Any, fees: None) -> None:
    before = counts()
    r = client_for(world.user("secretariat")).post(
        f"{DUES}issue/", {"year": "2026", "issued_on": "2026-02-01", "due_on": "2026-01-01", "confirmed": "1"}
    )
    assert r.status_code == 200
    assert b"On or after 1 Feb 2026." in r.content
    assert counts() == before


def test_mark_paid_from_the_page(world: Any, issued: list[Invoice]) -> None:
    c = client_for(world.user("secretariat"))
    url = f"{DUES}invoices/{issued[1].pk}/paid/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"paid_on": "2026-02-03", "reference": "BOC-778"})
    assert r.status_code == 302
    invoice = Invoice.objects.get(pk=issued[1].pk)
    assert (invoice.status, invoice.paid_on, invoice.payment_reference) == (
        "paid",
        dt.date(2026, 2, 3),
        "BOC-778",
    )
    # a paid invoice has no payment form any more
    assert c.get(url).status_code == 404
    before = counts()
    r = c.post(f"{DUES}invoices/{issued[0].pk}/paid/", {"paid_on": "2025-12-31"})
    assert r.status_code == 200
    assert b"On or after 15 Jan 2026." in r.content
    assert counts() == before


def test_cancel_needs_reason_and_confirmation(world: Any, issued: list[Invoice]) -> None:
    c = client_for(world.user("secretariat"))
    url = f"{DUES}invoices/{issued[0].pk}/cancel/"
    before = counts()
    r = c.post(url, {"reason": ""})
    assert r.status_code == 200
    assert b'data-testid="form-errors"' in r.content
    r = c.post(url, {"reason": "重复开具"})
    assert r.status_code == 200
    assert b'data-testid="cancel-confirmation"' in r.content
    assert counts() == before
    r = c.post(url, {"reason": "重复开具", "confirmed": "1"})
    assert r.status_code == 302
    invoice = Invoice.objects.get(pk=issued[0].pk)
    assert (invoice.status, invoice.cancel_reason) == ("cancelled", "重复开具")


def test_member_contact_may_not_pay_or_cancel(world: Any, issued: list[Invoice]) -> None:
    c = client_for(world.user("member_contact"))
    before = counts()
    assert c.post(f"{DUES}invoices/{issued[1].pk}/paid/", {"paid_on": "2026-02-01"}).status_code == 403
    assert (
        c.post(f"{DUES}invoices/{issued[1].pk}/cancel/", {"reason": "x", "confirmed": "1"}).status_code == 403
    )
    assert counts() == before


def test_export_is_the_scoped_filtered_list(world: Any, issued: list[Invoice]) -> None:
    r = client_for(world.user("secretariat")).get(f"{DUES}invoices.xlsx", {"year": 2026})
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="dues-CSA-2026.xlsx"'
    sheet = load_workbook(BytesIO(r.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:6] == [
        "Dues notice number",
        "Year",
        "Organisation",
        "Unified social credit code",
        "Rank",
        "Amount (CNY)",
    ]
    assert [(row[0], row[2], Decimal(str(row[5]))) for row in values[1:]] == [
        ("CSA-2026-0001", "甲公司", Decimal("20000")),
        ("CSA-2026-0002", "乙大学", Decimal("5000.5")),
    ]
    r = client_for(world.user("member_contact")).get(f"{DUES}invoices.xlsx", {"year": 2026})
    sheet = load_workbook(BytesIO(r.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["CSA-2026-0002"]


def test_members_panel_links_to_dues(world: Any) -> None:
    r = client_for(world.user("secretariat")).get("/en/alliances/CSA/")
    assert b'href="/en/alliances/CSA/dues/" data-testid="dues-link"' in r.content
    r = client_for(None).get("/en/alliances/CSA/")
    assert b'data-testid="dues-link"' not in r.content


def test_page_renders_in_the_default_language(world: Any, issued: list[Invoice]) -> None:
    r = client_for(world.user("secretariat")).get("/alliances/CSA/dues/", {"year": 2026})
    assert r.status_code == 200
    assert r["Content-Language"] == "zh-hans"
    assert rows(r.content) == ["CSA-2026-0001", "CSA-2026-0002"]
    # grouped by thousands in Chinese too (core.formats.money), not by Django's zh-Hans number format
    assert 'data-testid="total-issued">25,000.50<' in r.content.decode()
    # the due day in 年月日, kept on one line
    assert '<td><span class="text-nowrap">2026年3月31日</span></td>' in r.content.decode()
