"""The licensing pages: the list with its calendar of reports due, a licence with receipts and split,
recording a receipt, approving a split (confirmed first), a member's statement (page and Excel);
query counts that do not grow with licences or receipts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D
from typing import Any

import pytest

from itisa.licensing.models import Receipt, SplitPosting
from itisa.licensing.services import ReceiptInput, receipt_approve_split, receipt_record
from itisa.licensing.tests.conftest import counts, grant

N = '<span class="text-nowrap">{}</span>'  # a date kept on one line (core.formats)


def _receipt(lic: Any, licence: Any, amount: str) -> Any:
    return receipt_record(by=lic.secretariat, licence=licence,
                          data=ReceiptInput(received_on=dt.date(2026, 3, 1), amount=amount))  # fmt: skip


def test_the_list_shows_the_reports_due(lic: Any, client: Any) -> None:
    grant(lic)  # reports in March and September
    grant(lic, report_months=[4], starts_on=dt.date(2026, 5, 1))  # its April report falls before its term
    client.force_login(lic.world.user("council_member"))
    r = client.get("/en/alliances/CSA/licences/")
    html = r.content.decode()
    assert r.status_code == 200
    assert html.count('data-testid="licence-row"') == 2
    assert html.count('data-testid="report-due"') == 1
    assert N.format("31 Mar 2026") in html
    client.force_login(lic.world.user("outsider"))
    assert client.get("/en/alliances/CSA/licences/").status_code == 403


def test_record_a_receipt_and_approve_its_split_through_the_pages(lic: Any, client: Any) -> None:
    licence = grant(lic)
    client.force_login(lic.secretariat)
    url = "/en/alliances/CSA/licences/L0001/"
    r = client.post(url, {"received_on": "2026-03-01", "amount": "１００"})
    assert r.status_code == 200 and Receipt.objects.count() == 0
    r = client.post(url, {"received_on": "2026-03-01", "amount": "12345.67", "memo": "一季度"})
    assert r.status_code == 302
    html = client.get(url).content.decode()
    assert html.count('data-testid="split-line"') == 5
    assert "5,185.18" in html and 'data-testid="approve-split"' in html
    approve = "/en/alliances/CSA/licences/L0001/receipts/1/approve/"
    before = counts()
    r = client.get(approve)
    assert 'data-testid="confirmation"' in r.content.decode()
    assert "A journal entry of ¥12,345.67 is drafted and submitted" in r.content.decode()
    assert counts() == before
    r = client.post(approve, {"confirmed": "1"})
    assert r.status_code == 302
    assert SplitPosting.objects.get().entry.status == "submitted"
    assert 'data-testid="entry-status"' in client.get(url).content.decode()
    assert licence.receipts.count() == 1


@pytest.mark.parametrize("persona", ["council_member", "member_contact"])
def test_only_the_secretariat_records_and_approves_on_the_pages(lic: Any, client: Any, persona: str) -> None:
    licence = grant(lic)
    _receipt(lic, licence, "100.00")
    client.force_login(lic.world.user(persona))
    before = counts()
    assert (
        client.post(
            "/en/alliances/CSA/licences/L0001/", {"received_on": "2026-03-01", "amount": "1"}
        ).status_code
        == 403
    )
    assert (
        client.post("/en/alliances/CSA/licences/L0001/receipts/1/approve/", {"confirmed": "1"}).status_code
        == 403
    )
    assert (
        'data-testid="approve-split"' not in client.get("/en/alliances/CSA/licences/L0001/").content.decode()
    )
    assert counts() == before


def test_a_members_statement_and_its_excel(lic: Any, client: Any) -> None:
    from openpyxl import load_workbook

    licence = grant(lic)
    for amount in ("100000.00", "12345.67"):
        receipt_approve_split(by=lic.secretariat, receipt=_receipt(lic, licence, amount))
    b = lic.world.member_b
    client.force_login(lic.world.user("member_contact"))  # acts for 乙大学
    r = client.get(f"/en/alliances/CSA/statements/{b.uscc}/")
    html = r.content.decode()
    assert (r.status_code, html.count('data-testid="statement-row"')) == (200, 2)
    assert 'data-testid="statement-total">31,456.79<' in html
    r = client.get(f"/en/alliances/CSA/statements/{b.uscc}/?format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert rows[-1][4:6] == ["Total", 31456.79] or rows[-1][4:6] == ["Total", D("31456.79")]
    assert [row[5] for row in rows[3:5]] == [28000, 3456.79]
    # the same statement as a PDF to print and file, in Chinese
    from pypdf import PdfReader

    r = client.get(f"/en/alliances/CSA/statements/{b.uscc}/?format=pdf")
    assert (r.status_code, r["Content-Type"]) == (200, "application/pdf")
    assert r["Content-Disposition"] == f'attachment; filename="statement-CSA-{b.uscc}.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    for expected in ("收益分配对账单", b.uscc, "28,000.00", "3,456.79", "31,456.79"):
        assert expected in text, expected
    # another member's statement is not for this contact, in any form
    for query in ("", "?format=xlsx", "?format=pdf"):
        assert (
            client.get(f"/en/alliances/CSA/statements/{lic.world.member_a.uscc}/{query}").status_code == 403
        )


def test_query_counts_do_not_grow(lic: Any, client: Any, django_assert_max_num_queries: Any) -> None:
    client.force_login(lic.secretariat)
    licence = grant(lic)
    _receipt(lic, licence, "1.00")
    with django_assert_max_num_queries(40) as few:
        client.get("/en/alliances/CSA/licences/L0001/")
        client.get("/en/alliances/CSA/licences/")
    small = len(few.captured_queries)
    for i in range(5):
        more = grant(lic)
        _receipt(lic, licence, f"{i + 2}.00")
        _receipt(lic, more, "3.00")
    with django_assert_max_num_queries(small):
        client.get("/en/alliances/CSA/licences/L0001/")
        client.get("/en/alliances/CSA/licences/")


def test_the_secretariat_records_a_licence_on_a_page(lic: Any, client: Any) -> None:
    client.force_login(lic.secretariat)
    url = "/en/alliances/CSA/licences/new/"
    base = {"result": str(lic.result.pk), "field_zh": "LED 驱动", "territory_zh": "中国大陆", "starts_on": "2026-03-01",
            "ends_on": "2030-12-31", "upfront_fee": "", "report_months": ["3", "9"]}  # fmt: skip
    before = counts()
    r = client.post(url, {**base, "licensee_name": "外部公司", "licensee_uscc": "91110108551385082A"})
    assert r.status_code == 200
    assert "Give the licensee&#x27;s valid unified social credit code." in r.content.decode()
    assert counts() == before
    r = client.post(url, {**base, "licensee": str(lic.world.member_b.pk)})
    assert r.status_code == 302
    licence = lic.result.licences.get()
    assert (licence.code, licence.licensee_name, licence.upfront_fee, licence.report_months) == (
        "L0001", "乙大学", D("0.00"), [3, 9],
    )  # fmt: skip
    client.force_login(lic.world.user("council_member"))
    assert client.get(url).status_code == 403


def test_an_exclusive_licence_on_the_page_needs_every_owners_consent(lic: Any, client: Any) -> None:
    client.force_login(lic.secretariat)
    url = "/en/alliances/CSA/licences/new/"
    a, b = lic.world.member_a, lic.world.member_b  # the patent's owners, 60/40
    base = {"result": str(lic.result.pk), "licensee_name": "独占许可公司", "licensee_uscc": "91110108551385082Q",
            "field_zh": "LED 驱动", "territory_zh": "中国大陆", "starts_on": "2026-03-01", "ends_on": "2030-12-31",
            "exclusive": "on", "consent_org_1": str(a.pk), "consent_ref_1": "同意函 2026-01",
            "consent_on_1": "2026-02-01"}  # fmt: skip
    before = counts()
    r = client.post(url, base)
    assert r.status_code == 200
    assert "missing: 乙大学." in r.content.decode()
    assert counts() == before
    r = client.post(url, {**base, "consent_org_2": str(b.pk), "consent_ref_2": "同意函 2026-02",
                          "consent_on_2": "2026-02-03"})  # fmt: skip
    assert r.status_code == 302
    licence = lic.result.licences.get()
    assert (licence.code, licence.exclusive, licence.licensee_name) == ("L0001", True, "独占许可公司")
    assert sorted(licence.consents.values_list("organisation_id", "document_ref", "given_on")) == sorted([
        (a.pk, "同意函 2026-01", dt.date(2026, 2, 1)), (b.pk, "同意函 2026-02", dt.date(2026, 2, 3)),
    ])  # fmt: skip


def _notify(lic: Any, transferor: Any) -> Any:
    from itisa.licensing.services import TransferInput, transfer_notify

    return transfer_notify(by=lic.secretariat, alliance=lic.world.csa, data=TransferInput(
        result=lic.result.pk, transferor=transferor.pk, transferee=lic.world.sd_org.pk, price="800000.00",
        contract_ref="转让合同", notice_on=dt.date(2026, 3, 2)))  # fmt: skip


def test_notify_object_and_complete_transfers_through_the_pages(lic: Any, client: Any) -> None:
    import time_machine

    from itisa.licensing.models import Transfer, TransferCompletion, TransferObjection
    from itisa.licensing.tests.conftest import NOW

    w = lic.world
    url = "/en/alliances/CSA/transfers/"
    client.force_login(lic.secretariat)
    body = {"result": lic.result.pk, "transferor": w.member_a.pk, "transferee": w.sd_org.pk, "price": "800000.00",
            "contract_ref": "转让合同 2026-001", "notice_on": "2026-03-02"}  # fmt: skip
    before = counts()
    r = client.post(url, {**body, "notice_on": "2026-03-03"})
    assert (
        r.status_code == 200
        and "Give the day the notice was given (not in the future)." in r.content.decode()
    )
    assert counts() == before
    assert client.post(url, body).status_code == 302
    html = client.get(url).content.decode()
    assert html.count('data-testid="transfer-row"') == 1
    assert f'<td data-testid="objection-ends">{N.format("16 Apr 2026")}</td>' in html
    assert "Waiting for the objection window to end" in html
    assert 'data-testid="complete-transfer"' not in html
    # member_b's contact objects for member_b (the transferor, member_a, is not offered)
    client.force_login(w.user("member_contact"))
    html = client.get(url).content.decode()
    assert html.count('data-testid="object-form"') == 1 and 'data-testid="transfer-form"' not in html
    before = counts()
    assert client.post(url, body).status_code == 403
    r = client.post(f"{url}T0001/object/", {"T0001-organisation": w.member_a.pk, "T0001-reason": "x"})
    assert r.status_code == 302 and counts() == before
    r = client.post(
        f"{url}T0001/object/", {"T0001-organisation": w.member_b.pk, "T0001-reason": "受让方为竞争对手"}
    )
    assert r.status_code == 302
    assert list(TransferObjection.objects.values_list("organisation__name_zh", "reason")) == [
        ("乙大学", "受让方为竞争对手")
    ]
    assert "Blocked by a joint owner's objection" in client.get(url).content.decode()
    # a second transfer, by member_b, completes after its window, confirmed first
    _notify(lic, w.member_b)
    with time_machine.travel(dt.datetime(2026, 4, 17, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        client.force_login(lic.secretariat)
        html = client.get(url).content.decode()
        assert html.count('data-testid="complete-transfer"') == 1
        before = counts()
        r = client.get(f"{url}T0002/complete/")
        assert 'data-testid="confirmation"' in r.content.decode() and counts() == before
        r = client.post(f"{url}T0001/complete/", {"confirmed": "1"})
        assert r.status_code == 200 and "A joint owner objected" in r.content.decode()
        assert counts() == before
        assert client.post(f"{url}T0002/complete/", {"confirmed": "1"}).status_code == 302
    assert list(TransferCompletion.objects.values_list("transfer__code", "completed_on")) == [
        ("T0002", dt.date(2026, 4, 17))
    ]
    assert Transfer.objects.count() == 2


def test_register_a_contract_through_the_page(lic: Any, client: Any) -> None:
    from itisa.licensing.models import TechContract

    url = "/en/alliances/CSA/contracts/"
    body = {"number": "2026110108000123", "kind": "transfer", "verified_amount": "800000.00",
            "registered_on": "2026-03-01"}  # fmt: skip
    client.force_login(lic.world.user("member_contact"))
    assert client.post(url, body).status_code == 403
    client.force_login(lic.secretariat)
    before = counts()
    r = client.post(url, {**body, "number": "2026-11"})
    assert r.status_code == 200 and 'data-testid="contract-form"' in r.content.decode()
    assert counts() == before
    assert client.post(url, body).status_code == 302
    html = client.get("/en/alliances/CSA/transfers/").content.decode()
    assert html.count('data-testid="contract-row"') == 1
    assert "2026110108000123" in html and "800,000.00" in html
    assert TechContract.objects.get().verified_amount == D("800000.00")


def test_the_transfers_page_costs_the_same_for_more_transfers(
    lic: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    _notify(lic, lic.world.member_a)
    client.force_login(lic.world.user("member_contact"))
    with django_assert_max_num_queries(40) as one:
        client.get("/en/alliances/CSA/transfers/")
    for _i in range(3):
        _notify(lic, lic.world.member_b)
    with django_assert_max_num_queries(len(one.captured_queries)):
        r = client.get("/en/alliances/CSA/transfers/")
    assert r.content.decode().count('data-testid="transfer-row"') == 4
