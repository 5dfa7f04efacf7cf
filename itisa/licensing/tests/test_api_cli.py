"""Licensing through the API (end to end, refusals in the one error shape) and the command line."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.licensing.tests.conftest import OUTSIDER_USCC, counts


def _post(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(
        url, json.dumps(data or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_api_from_licence_to_an_approved_split(lic: Any, client: Any) -> None:
    client.force_login(lic.secretariat)
    body = {"result": lic.result.pk, "licensee_name": "北京外部科技有限公司", "licensee_uscc": OUTSIDER_USCC,
            "field_zh": "LED 驱动", "territory_zh": "中国大陆", "starts_on": "2026-03-01", "ends_on": "2030-12-31",
            "upfront_fee": "50000.00", "report_months": [3, 9]}  # fmt: skip
    r = _post(client, "/api/alliances/CSA/licences", {**body, "exclusive": True})
    assert (r.status_code, r.json()["fields"]) == (422, {
        "consents": ["An exclusive licence needs every joint owner's written consent (reference and date); "
                     "missing: 甲公司、乙大学."]})  # fmt: skip
    r = _post(client, "/api/alliances/CSA/licences", body)
    assert (r.status_code, r.json()["code"], r.json()["upfront_fee"], r.json()["receipts"]) == (
        201, "L0001", "50000.00", [],
    )  # fmt: skip
    r = _post(
        client,
        "/api/alliances/CSA/licences/L0001/receipts",
        {"received_on": "2026-03-01", "amount": 12345.67},
    )
    assert r.status_code == 422  # an amount is a string, never a float
    r = _post(
        client,
        "/api/alliances/CSA/licences/L0001/receipts",
        {"received_on": "2026-03-01", "amount": "12345.67"},
    )
    assert r.status_code == 201, r.content
    assert [(x["kind"], x["name"], x["amount"]) for x in r.json()["lines"]] == [
        ("creator", "甲公司", "5185.18"), ("creator", "乙大学", "3456.79"), ("inventors", "张三", "1728.39"),
        ("inventors", "李四", "740.74"), ("alliance", "半导体照明产业技术创新战略联盟", "1234.57"),
    ]  # fmt: skip
    assert r.json()["lines"][0]["organisation"] == lic.world.member_a.uscc
    assert r.json()["lines"][2]["organisation"] is None
    r = _post(client, "/api/alliances/CSA/licences/L0001/receipts/1/split")
    assert (r.status_code, r.json()["entry"]["status"]) == (200, "submitted")
    r = _post(client, "/api/alliances/CSA/licences/L0001/receipts/1/split")
    assert r.status_code == 409
    assert _post(client, "/api/alliances/CSA/licences/L0001/receipts/7/split").status_code == 404
    r = client.get("/api/alliances/CSA/licences")
    assert [(x["code"], x["licensee"], x["report_months"]) for x in r.json()] == [
        ("L0001", "北京外部科技有限公司", [3, 9])
    ]
    r = client.get("/api/alliances/CSA/licences/L0001")
    assert (r.json()["receipts"][0]["amount"], r.json()["receipts"][0]["entry"]["status"]) == (
        "12345.67",
        "submitted",
    )


@pytest.mark.parametrize(("persona", "read", "write"), [
    ("council_member", 200, 403), ("member_contact", 200, 403), ("fund_supervisor", 200, 403),
    ("outsider", 403, 403), ("provincial_officer", 403, 403), ("national_officer", 200, 201),
])  # fmt: skip
def test_who_reads_and_writes(lic: Any, client: Any, persona: str, read: int, write: int) -> None:
    from itisa.licensing.tests.conftest import grant

    grant(lic)
    client.force_login(lic.world.user(persona))
    before = counts()
    assert client.get("/api/alliances/CSA/licences").status_code == read
    assert client.get("/api/alliances/CSA/licences/L0001").status_code == (200 if read == 200 else 403)
    r = _post(
        client, "/api/alliances/CSA/licences/L0001/receipts", {"received_on": "2026-03-01", "amount": "1.00"}
    )
    assert r.status_code == write
    if write != 201:
        assert counts() == before


def test_anonymous_is_refused(lic: Any, client: Any) -> None:
    assert client.get("/api/alliances/CSA/licences").status_code == 401


def test_the_command_line(lic: Any) -> None:
    import datetime as dt

    from itisa.licensing.services import ReceiptInput, receipt_record
    from itisa.licensing.tests.conftest import grant

    licence = grant(lic)
    receipt_record(
        by=lic.secretariat,
        licence=licence,
        data=ReceiptInput(received_on=dt.date(2026, 3, 1), amount="100000.00"),
    )
    out = StringIO()
    call_command("licence", "list", "CSA", "--json", stdout=out)
    assert [(x["code"], x["licensee_uscc"]) for x in json.loads(out.getvalue())] == [("L0001", OUTSIDER_USCC)]
    out = StringIO()
    call_command("licence", "split", "CSA/L0001", "1", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert ([x["amount"] for x in doc["lines"]], doc["entry"]) == (
        ["42000.00", "28000.00", "14000.00", "6000.00", "10000.00"], None,
    )  # fmt: skip
    with pytest.raises(CommandError, match="Separation|Only the alliance's secretariat"):
        call_command(
            "licence", "split", "CSA/L0001", "1", "--approve", "--as", "member_contact", stdout=StringIO()
        )
    out = StringIO()
    call_command(
        "licence", "split", "CSA/L0001", "1", "--approve", "--as", "secretariat", "--json", stdout=out
    )
    assert json.loads(out.getvalue())["entry"]["status"] == "submitted"
    out = StringIO()
    call_command("licence", "show", "CSA/L0001", stdout=out)
    assert (
        out.getvalue().splitlines()[0]
        == f"CSA/L0001 {lic.result.code} → 北京外部科技有限公司 ({OUTSIDER_USCC})"
    )
    with pytest.raises(CommandError, match="No licence CSA/L0009"):
        call_command("licence", "show", "CSA/L0009", stdout=StringIO())


def _transfer_body(lic: Any, **overrides: Any) -> dict[str, Any]:
    return {"result": lic.result.pk, "transferor": lic.world.member_a.pk, "transferee": lic.world.sd_org.pk,
            "price": "800000.00", "contract_ref": "转让合同 2026-001", "notice_on": "2026-03-02", **overrides}  # fmt: skip


def test_the_api_from_notice_to_a_completed_transfer(lic: Any, client: Any) -> None:
    import datetime as dt

    import time_machine

    from itisa.licensing.tests.conftest import NOW

    client.force_login(lic.secretariat)
    before = counts()
    r = _post(client, "/api/alliances/CSA/transfers", _transfer_body(lic, price="-1", contract_ref=""))
    assert (r.status_code, r.json()["fields"]) == (422, {
        "price": ["The amount is not negative."], "contract_ref": ["This field is required."]})  # fmt: skip
    assert counts() == before
    r = _post(client, "/api/alliances/CSA/transfers", _transfer_body(lic))
    assert r.status_code == 201, r.content
    doc = r.json()
    assert (doc["code"], doc["state"], doc["objection_days"], doc["objection_ends_on"], doc["price"]) == (
        "T0001", "waiting", 45, "2026-04-16", "800000.00",
    )  # fmt: skip
    assert (doc["transferor"], doc["transferee"], doc["objections"], doc["completed_on"]) == (
        lic.world.member_a.uscc, lic.world.sd_org.uscc, [], None,
    )  # fmt: skip
    before = counts()
    r = _post(client, "/api/alliances/CSA/transfers/T0001/complete")
    assert (r.status_code, r.json()["message"]) == (
        409, "The joint owners may object until 16 Apr 2026; the transfer waits.",
    )  # fmt: skip
    assert counts() == before
    assert _post(client, "/api/alliances/CSA/transfers/T0009/complete").status_code == 404
    with time_machine.travel(dt.datetime(2026, 4, 17, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        client.force_login(lic.secretariat)  # the session of March has expired
        assert client.get("/api/alliances/CSA/transfers/T0001").json()["state"] == "ready"
        r = _post(client, "/api/alliances/CSA/transfers/T0001/complete")
        assert (r.status_code, r.json()["state"], r.json()["completed_on"]) == (
            200,
            "completed",
            "2026-04-17",
        )
        assert _post(client, "/api/alliances/CSA/transfers/T0001/complete").status_code == 409
        r = client.get("/api/alliances/CSA/transfers")
        assert [(x["code"], x["state"]) for x in r.json()] == [("T0001", "completed")]


def test_a_joint_owners_objection_through_the_api(lic: Any, client: Any) -> None:
    client.force_login(lic.secretariat)
    assert _post(client, "/api/alliances/CSA/transfers", _transfer_body(lic)).status_code == 201
    b = lic.world.member_b
    client.force_login(lic.world.user("council_member"))
    before = counts()
    r = _post(
        client, "/api/alliances/CSA/transfers/T0001/objections", {"organisation": b.pk, "reason": "不同意"}
    )
    assert r.status_code == 403
    assert counts() == before
    client.force_login(lic.world.user("member_contact"))
    r = _post(client, "/api/alliances/CSA/transfers/T0001/objections",
              {"organisation": b.pk, "reason": "受让方为竞争对手"})  # fmt: skip
    assert r.status_code == 201, r.content
    assert (r.json()["state"], r.json()["objections"]) == ("blocked", [
        {"organisation": b.uscc, "name": "乙大学", "reason": "受让方为竞争对手", "objected_on": "2026-03-02"}])  # fmt: skip
    before = counts()
    r = _post(
        client, "/api/alliances/CSA/transfers/T0001/objections", {"organisation": b.pk, "reason": "再次"}
    )
    assert r.status_code == 409
    client.force_login(lic.secretariat)
    r = _post(client, "/api/alliances/CSA/transfers/T0001/complete")
    assert (r.status_code, r.json()["message"]) == (
        409,
        "A joint owner objected: the transfer does not complete.",
    )
    assert counts() == before


def test_contracts_through_the_api(lic: Any, client: Any) -> None:
    client.force_login(lic.secretariat)
    body = {"number": "2026110108000123", "kind": "transfer", "verified_amount": "800000.00",
            "registered_on": "2026-03-01"}  # fmt: skip
    before = counts()
    r = _post(client, "/api/alliances/CSA/contracts", {**body, "number": "2026-11"})
    assert (r.status_code, list(r.json()["fields"])) == (422, ["number"])
    assert counts() == before
    r = _post(client, "/api/alliances/CSA/contracts", body)
    assert (r.status_code, r.json()) == (201, {
        "number": "2026110108000123", "kind": "transfer", "licence": None, "transfer": None,
        "verified_amount": "800000.00", "registered_on": "2026-03-01"})  # fmt: skip
    r = _post(client, "/api/alliances/CSA/contracts", body)
    assert (r.status_code, r.json()["fields"]) == (
        422, {"number": ["A contract with this registration number is already recorded."]},
    )  # fmt: skip
    r = client.get("/api/alliances/CSA/contracts")
    assert [(x["number"], x["verified_amount"]) for x in r.json()] == [("2026110108000123", "800000.00")]
    client.force_login(lic.world.user("member_contact"))
    before = counts()
    assert (
        _post(client, "/api/alliances/CSA/contracts", {**body, "number": "2026110108000124"}).status_code
        == 403
    )
    assert counts() == before
    client.force_login(lic.world.user("outsider"))
    assert client.get("/api/alliances/CSA/contracts").status_code == 403
    assert client.get("/api/alliances/CSA/transfers").status_code == 403


def test_transfers_and_contracts_on_the_command_line(lic: Any) -> None:
    import datetime as dt

    from itisa.licensing.services import ContractInput, TransferInput, contract_register, transfer_notify

    w = lic.world
    transfer_notify(by=lic.secretariat, alliance=w.csa, data=TransferInput(
        result=lic.result.pk, transferor=w.member_a.pk, transferee=w.sd_org.pk, price="800000.00",
        contract_ref="转让合同", notice_on=dt.date(2026, 3, 2)))  # fmt: skip
    contract_register(by=lic.secretariat, alliance=w.csa, data=ContractInput(
        number="2026110108000123", kind="transfer", verified_amount="800000.00",
        registered_on=dt.date(2026, 3, 1)))  # fmt: skip
    out = StringIO()
    call_command("licence", "transfers", "CSA", "--json", stdout=out)
    assert [(x["code"], x["transferor"], x["price"], x["objection_ends_on"], x["state"])
            for x in json.loads(out.getvalue())] == [
        ("T0001", w.member_a.uscc, "800000.00", "2026-04-16", "waiting")]  # fmt: skip
    out = StringIO()
    call_command("licence", "transfers", "CSA", stdout=out)
    assert out.getvalue().splitlines()[-1].split() == [
        "T0001", lic.result.code, "甲公司", "鲁煤集团", "800000.00", "2026-04-16", "waiting"]  # fmt: skip
    out = StringIO()
    call_command("licence", "contracts", "CSA", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{
        "number": "2026110108000123", "kind": "transfer", "licence": None, "transfer": None,
        "verified_amount": "800000.00", "registered_on": "2026-03-01"}]  # fmt: skip
    out = StringIO()
    call_command("licence", "contracts", "CSA", stdout=out)
    assert out.getvalue().splitlines()[-1].split() == [
        "2026110108000123",
        "transfer",
        "800000.00",
        "2026-03-01",
    ]
