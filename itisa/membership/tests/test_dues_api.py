"""Dues endpoints: fee schedule, invoices (cursor-paginated, scoped), issuing, paying, cancelling.
Amounts are JSON strings to the fen; refusals are 403/409/422 and change nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.membership.models import FeeSchedule, Invoice
from itisa.membership.services.dues import fee_set, invoices_issue


class Api:
    """JSON calls to /api as one persona, answered in English."""

    def __init__(self, user: Any) -> None:
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            self.client.force_login(user)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(self.client, method)(f"/api{path}", **kwargs)


def api(world: Any, persona: str) -> Api:
    return Api(world.user(persona))


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


def test_fee_list_amounts_are_strings(world: Any, fees: None) -> None:
    r = api(world, "member_contact").call("get", "/alliances/CSA/fees?year=2026")
    assert r.status_code == 200
    assert r.json() == [
        {"year": 2026, "rank": "chair", "amount": "20000.00"},
        {"year": 2026, "rank": "council", "amount": "5000.50"},
    ]
    assert api(world, "outsider").call("get", "/alliances/CSA/fees").json() == []


def test_put_fee(world: Any) -> None:
    r = api(world, "secretariat").call("put", "/alliances/CSA/fees/2026/vice_chair", {"amount": "12000.5"})
    assert (r.status_code, r.json()) == (200, {"year": 2026, "rank": "vice_chair", "amount": "12000.50"})
    assert FeeSchedule.objects.get().amount == Decimal("12000.50")


@pytest.mark.parametrize(
    ("path", "body", "fields"),
    [
        ("/alliances/CSA/fees/2026/chair", {"amount": "12.345"}, ["amount"]),
        ("/alliances/CSA/fees/2026/chair", {"amount": "-1"}, ["amount"]),
        ("/alliances/CSA/fees/2026/chair", {"amount": "abc"}, ["amount"]),
        ("/alliances/CSA/fees/2026/gold", {"amount": "1.00"}, ["rank"]),
        ("/alliances/CSA/fees/1800/chair", {"amount": "1.00"}, ["year"]),
    ],
    ids=["three-places", "negative", "not-a-number", "bad-rank", "bad-year"],
)
def test_put_fee_refused(world: Any, path: str, body: Any, fields: list[str]) -> None:
    before = counts()
    r = api(world, "secretariat").call("put", path, body)
    assert r.status_code == 422
    assert (r.json()["code"], sorted(r.json()["fields"])) == ("validation_error", fields)
    assert counts() == before


def test_put_fee_as_a_json_number_is_refused(world: Any) -> None:
    before = counts()
    r = api(world, "secretariat").call("put", "/alliances/CSA/fees/2026/chair", {"amount": 1234.5})
    assert r.status_code == 422
    assert counts() == before


@pytest.mark.parametrize("persona", ["member_contact", "fund_supervisor", "council_member", "outsider"])
def test_non_managers_get_403(world: Any, issued: list[Invoice], persona: str) -> None:
    before = counts()
    client = api(world, persona)
    assert client.call("put", "/alliances/CSA/fees/2027/chair", {"amount": "1.00"}).status_code == 403
    body = {"year": 2027, "issued_on": "2026-01-15", "due_on": "2026-03-31"}
    assert client.call("post", "/alliances/CSA/invoices/issue", body).status_code == 403
    assert counts() == before


def test_anonymous_writes_are_401(world: Any, fees: None) -> None:
    client = api(world, "anonymous")
    assert client.call("put", "/alliances/CSA/fees/2026/chair", {"amount": "1.00"}).status_code == 401
    body = {"year": 2026, "issued_on": "2026-01-15", "due_on": "2026-03-31"}
    assert client.call("post", "/alliances/CSA/invoices/issue", body).status_code == 401
    assert Invoice.objects.count() == 0


def test_issue_returns_201_and_the_invoices(world: Any, fees: None) -> None:
    client = api(world, "secretariat")
    body = {"year": 2026, "issued_on": "2026-01-15", "due_on": "2026-03-31"}
    r = client.call("post", "/alliances/CSA/invoices/issue", body)
    assert r.status_code == 201
    assert [(i["number"], i["organisation"], i["rank"], i["amount"], i["status"]) for i in r.json()] == [
        ("CSA-2026-0001", "914403001922038216", "chair", "20000.00", "unpaid"),
        ("CSA-2026-0002", "12100000400000624D", "council", "5000.50", "unpaid"),
    ]
    again = client.call("post", "/alliances/CSA/invoices/issue", body)
    assert (again.status_code, again.json()) == (201, [])
    bad = client.call("post", "/alliances/CSA/invoices/issue", {**body, "due_on": "2026-01-01"})
    assert (bad.status_code, bad.json()["fields"]) == (422, {"due_on": ["On or after 15 Jan 2026."]})


def test_invoice_list_is_scoped_paginated_and_filtered(world: Any, issued: list[Invoice]) -> None:
    r = api(world, "fund_supervisor").call("get", "/alliances/CSA/invoices?limit=1")
    assert r.status_code == 200
    first = r.json()
    assert [i["number"] for i in first["items"]] == ["CSA-2026-0001"]
    assert first["items"][0]["amount"] == "20000.00"
    r = api(world, "fund_supervisor").call(
        "get", f"/alliances/CSA/invoices?limit=1&cursor={first['next_cursor']}"
    )
    assert ([i["number"] for i in r.json()["items"]], r.json()["next_cursor"]) == (["CSA-2026-0002"], None)
    mine = api(world, "member_contact").call("get", "/alliances/CSA/invoices").json()
    assert [i["number"] for i in mine["items"]] == ["CSA-2026-0002"]
    assert api(world, "outsider").call("get", "/alliances/CSA/invoices").json()["items"] == []
    paid = api(world, "secretariat").call("get", "/alliances/CSA/invoices?status=paid&year=2026").json()
    assert paid["items"] == []
    assert (
        len(api(world, "secretariat").call("get", "/alliances/CSA/invoices?year=2026").json()["items"]) == 2
    )


def test_mark_paid_and_cancel(world: Any, issued: list[Invoice]) -> None:
    client = api(world, "secretariat")
    r = client.call("post", f"/invoices/{issued[1].pk}/paid", {"paid_on": "2026-02-03", "reference": "BOC-1"})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["paid_on"], r.json()["payment_reference"], r.json()["amount"]) == (
        "paid",
        "2026-02-03",
        "BOC-1",
        "5000.50",
    )
    before = counts()
    again = client.call("post", f"/invoices/{issued[1].pk}/paid", {"paid_on": "2026-02-04"})
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    cancel_paid = client.call("post", f"/invoices/{issued[1].pk}/cancel", {"reason": "x"})
    assert cancel_paid.status_code == 409
    no_reason = client.call("post", f"/invoices/{issued[0].pk}/cancel", {"reason": " "})
    assert (no_reason.status_code, no_reason.json()["fields"]) == (
        422,
        {"reason": ["This field is required."]},
    )
    assert counts() == before
    r = client.call("post", f"/invoices/{issued[0].pk}/cancel", {"reason": "重复开具"})
    assert (r.status_code, r.json()["status"], r.json()["cancel_reason"]) == (200, "cancelled", "重复开具")


def test_member_contact_sees_its_invoice_but_may_not_pay_it(world: Any, issued: list[Invoice]) -> None:
    before = counts()
    contact = api(world, "member_contact")
    assert (
        contact.call("post", f"/invoices/{issued[1].pk}/paid", {"paid_on": "2026-02-01"}).status_code == 403
    )
    # an invoice the viewer may not see does not exist for them
    assert (
        contact.call("post", f"/invoices/{issued[0].pk}/paid", {"paid_on": "2026-02-01"}).status_code == 404
    )
    assert (
        api(world, "outsider").call("post", f"/invoices/{issued[1].pk}/cancel", {"reason": "x"}).status_code
        == 404
    )
    assert counts() == before
