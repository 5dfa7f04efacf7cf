"""The financing pages (needs with filters, pages and Excel; a need with its recommendation and responses;
credit lines with drawdowns, repayments and outstanding), scoped to the viewer; the alliance panel; the
API; the command; the dossier section; the demo."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from itisa.dossier.services._support import Ledger
from itisa.financing.dossier.section import (
    FinancingRecordDoc,
    export_financing,
    financing_problems,
    import_financing,
)
from itisa.financing.models import (
    CreditLine,
    Drawdown,
    FinancingNeed,
    InstitutionResponse,
    NeedStatusChange,
    Repayment,
)
from itisa.financing.tests.conftest import counts, draw, line, need, offered, repay

pytestmark = pytest.mark.usefixtures("clock")


def test_the_needs_list_is_scoped_filtered_paged_and_exported(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    offered(world)
    need(world, organisation=world.member_a.pk, channel="equity", amount="800000")
    client.force_login(world.user("council_member"))
    url = "/en/alliances/CSA/financing/"
    with django_assert_max_num_queries(14) as one:
        html = client.get(url).content.decode()
    assert html.count('data-testid="need-row"') == 2
    for i in range(26):
        need(world, purpose_zh=f"用途{i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('data-testid="need-row"') == 25
    assert client.get(url + "?status=offered").content.decode().count('data-testid="need-row"') == 1
    assert client.get(url + "?channel=equity").content.decode().count('data-testid="need-row"') == 1
    assert client.get(url + "?q=甲公司").content.decode().count('data-testid="need-row"') == 1
    assert client.get(url + "?year=2025").content.decode().count('data-testid="need-row"') == 0
    rows = list(
        load_workbook(io.BytesIO(client.get(url + "?status=offered&format=xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1][:5] == ("F0001", "乙大学", None, "Technology loan", 5000000) and rows[1][6:] == (
        "Offered",
        "联盟函〔2026〕8号",
    )
    client.force_login(world.user("member_contact"))  # acts for 乙大学: not 甲公司's need
    html = client.get(url).content.decode()
    assert html.count('data-testid="need-row"') == 25 and "F0002" not in html
    assert client.get("/en/alliances/CSA/financing/needs/F0002/").status_code == 404
    client.force_login(world.user("expert"))
    assert client.get(url).status_code == 403


def test_a_need_through_the_pages(world: Any, client: Any) -> None:
    client.force_login(world.user("member_contact"))
    r = client.post("/en/alliances/CSA/financing/needs/new/", {"organisation": str(world.member_b.pk), "channel": "guarantee",
                    "amount": "300000.00", "purpose_zh": "流动资金担保"})  # fmt: skip
    assert r.status_code == 302 and r["Location"].endswith("/financing/needs/F0001/")
    html = client.get("/en/alliances/CSA/financing/needs/F0001/").content.decode()
    assert 'data-testid="submit-need"' in html and 'data-testid="recommend-form"' not in html
    assert client.post("/en/alliances/CSA/financing/needs/F0001/submit/").status_code == 302
    before = counts()
    assert client.post("/en/alliances/CSA/financing/needs/F0001/recommend/", {"recommend": "yes", "letter_ref": "x",
                       "reason_zh": "y"}).status_code == 403  # fmt: skip
    assert counts() == before
    client.force_login(world.user("secretariat"))
    html = client.get("/en/alliances/CSA/financing/needs/F0001/").content.decode()
    assert 'data-testid="recommend-form"' in html and 'data-testid="response-form"' not in html
    r = client.post("/en/alliances/CSA/financing/needs/F0001/recommend/", {"recommend": "yes", "letter_ref": "联盟函〔2026〕9号",
                    "reason_zh": "推荐"})  # fmt: skip
    assert r.status_code == 302
    r = client.post("/en/alliances/CSA/financing/needs/F0001/responses/", {"institution": "担保公司", "institution_kind": "guarantor",
                    "decision": "offered", "amount_offered": "300000", "responded_on": "2026-09-10"})  # fmt: skip
    assert r.status_code == 302
    html = client.get("/en/alliances/CSA/financing/needs/F0001/").content.decode()
    assert html.count('data-testid="response-row"') == 1 and "联盟函〔2026〕9号" in html
    # a financing need in 万元 in Chinese, in yuan in English; the response's day in 年月日
    assert 'data-testid="need-amount"><span class="text-nowrap">¥300,000.00</span></dd>' in html
    zh = client.get("/alliances/CSA/financing/needs/F0001/").content.decode()
    assert 'data-testid="need-amount"><span class="text-nowrap">30.00万元</span></dd>' in zh
    assert '<td class="text-end"><span class="text-nowrap">30.00万元</span></td>' in zh
    assert '<td><span class="text-nowrap">2026年9月10日</span></td>' in zh
    close = "/en/alliances/CSA/financing/needs/F0001/close/"
    r = client.post(close, {"comment": "完成"})
    assert (
        'data-testid="confirmation"' in r.content.decode() and FinancingNeed.objects.get().status == "offered"
    )
    assert client.post(close, {"comment": "完成", "confirmed": "1"}).status_code == 302
    assert FinancingNeed.objects.get().status == "closed"


def test_the_credit_lines_through_the_pages(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    credit = line(world)
    d = draw(world, credit)
    repay(world, d, "100000.00")
    client.force_login(world.user("fund_supervisor"))
    with django_assert_max_num_queries(16) as one:
        html = client.get("/en/alliances/CSA/financing/lines/").content.decode()
    assert '<td class="text-end" data-testid="line-outstanding">500,000.00</td>' in html
    for _i in range(5):
        draw(world, line(world), "10.00")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert (
            client.get("/en/alliances/CSA/financing/lines/").content.decode().count('data-testid="line-row"')
            == 6
        )
    client.force_login(world.user("secretariat"))
    url = "/en/alliances/CSA/financing/lines/C0001/"
    before = counts()
    r = client.post(
        url + "drawdowns/", {"amount": "400000.01", "drawn_on": "2026-09-01", "due_on": "2027-03-01"}
    )
    assert r.status_code == 200
    assert (
        "The drawdown of ¥400,000.01 exceeds the line&#x27;s undrawn limit of ¥400,000.00."
        in r.content.decode()
    )
    assert counts() == before
    assert (
        client.post(
            url + "drawdowns/", {"amount": "400000", "drawn_on": "2026-09-01", "due_on": "2027-03-01"}
        ).status_code
        == 302
    )
    second = Drawdown.objects.get(line=credit, seq=2)
    assert (
        client.post(
            url + "repayments/", {"drawdown": str(second.pk), "amount": "400000", "repaid_on": "2026-09-15"}
        ).status_code
        == 302
    )
    with django_assert_max_num_queries(16):
        html = client.get(url).content.decode()
    assert '<dd class="col-sm-9" data-testid="outstanding">500,000.00</dd>' in html
    assert html.count('data-testid="drawdown-row"') == 2
    client.force_login(world.user("outsider"))
    assert client.get(url).status_code == 403


def test_the_alliance_page_shows_the_panel(world: Any, client: Any) -> None:
    client.force_login(world.user("member_contact"))
    assert 'data-testid="financing-panel"' in client.get("/en/alliances/CSA/").content.decode()
    client.force_login(world.user("expert"))
    assert 'data-testid="financing-panel"' not in client.get("/en/alliances/CSA/").content.decode()


def test_the_api(world: Any, client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the API's messages in English
    client.force_login(world.user("secretariat"))
    r = client.post("/api/alliances/CSA/financing/needs", {"organisation": world.member_b.pk, "channel": "tech_loan",
                    "amount": "5000000.00", "purpose_zh": "中试线"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201 and (r.json()["code"], r.json()["status"]) == ("F0001", "draft")
    assert client.post("/api/alliances/CSA/financing/needs/F0001/recommendation", {"recommend": True, "letter_ref": "函",
                       "reason_zh": "好"}, content_type="application/json").status_code == 409  # fmt: skip
    assert client.post("/api/alliances/CSA/financing/needs/F0001/submit").json()["status"] == "submitted"
    r = client.post("/api/alliances/CSA/financing/lines", {"institution": "建设银行", "institution_kind": "bank",
                    "borrower": world.member_b.pk, "limit": "1000000", "starts_on": "2026-01-01", "ends_on": "2027-12-31"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 201 and r.json()["undrawn"] == "1000000.00"
    r = client.post("/api/alliances/CSA/financing/lines/C0001/drawdowns", {"amount": "1000000.01", "drawn_on": "2026-03-01",
                    "due_on": "2026-10-01"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 422
    assert r.json()["fields"] == {
        "amount": ["The drawdown of ¥1,000,000.01 exceeds the line's undrawn limit of ¥1,000,000.00."]
    }
    r = client.post("/api/alliances/CSA/financing/lines/C0001/drawdowns", {"amount": "700000", "drawn_on": "2026-03-01",
                    "due_on": "2026-10-01"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    r = client.post("/api/alliances/CSA/financing/lines/C0001/drawdowns/1/repayments", {"amount": "200000", "repaid_on": "2026-09-01"},
                    content_type="application/json")  # fmt: skip
    assert (
        r.status_code == 201
        and r.json()["outstanding"] == "500000.00"
        and r.json()["drawdowns"][0]["state"] == "due"
    )
    assert client.post("/api/alliances/CSA/financing/lines/C0001/drawdowns/9/repayments", {"amount": "1", "repaid_on": "2026-09-01"},
                       content_type="application/json").status_code == 404  # fmt: skip
    client.force_login(world.user("member_contact"))
    assert [n["code"] for n in client.get("/api/alliances/CSA/financing/needs").json()] == ["F0001"]
    before = counts()
    assert client.post("/api/alliances/CSA/financing/lines/C0001/drawdowns", {"amount": "1", "drawn_on": "2026-03-01",
                       "due_on": "2026-10-01"}, content_type="application/json").status_code == 403  # fmt: skip
    assert counts() == before
    client.force_login(world.user("expert"))
    assert client.get("/api/alliances/CSA/financing/lines").status_code == 403


def test_the_command(world: Any) -> None:
    offered(world)
    d = draw(world, line(world))
    repay(world, d, "100000.00")
    out = io.StringIO()
    call_command("financing", "needs", "CSA", "--json", stdout=out)
    assert [(n["code"], n["status"], n["amount"]) for n in json.loads(out.getvalue())] == [
        ("F0001", "offered", "5000000.00")
    ]
    out = io.StringIO()
    call_command("financing", "lines", "CSA", "--json", stdout=out)
    assert [(x["code"], x["drawn"], x["outstanding"]) for x in json.loads(out.getvalue())] == [
        ("C0001", "600000.00", "500000.00")
    ]
    out = io.StringIO()
    call_command("financing", "show", "CSA/F0001", "--json", stdout=out)
    assert [h["new_status"] for h in json.loads(out.getvalue())["history"]] == [
        "draft",
        "submitted",
        "recommended",
        "offered",
    ]
    out = io.StringIO()
    call_command("financing", "show", "CSA/C0001", stdout=out)
    assert "outstanding: 500000.00" in out.getvalue()


def test_the_dossier_section_round_trip(world: Any) -> None:
    offered(world)
    d = draw(world, line(world))
    repay(world, d, "100000.00")
    items = export_financing(world.csa, include_restricted=True)
    assert [(i["record"], i["code"]) for i in items] == [("need", "F0001"), ("line", "C0001")]
    assert items[1]["drawdowns"] == [{"seq": 1, "amount": "600000.00", "drawn_on": "2026-03-01", "due_on": "2026-10-15",
                                      "repayments": [{"amount": "100000.00", "repaid_on": "2026-09-01"}]}]  # fmt: skip
    usccs = {world.member_b.uscc}
    assert financing_problems({"financing": items}, usccs) == []
    assert [str(p) for p in financing_problems({"financing": [*items, items[0]]}, set())] == [
        "$.financing[0].organisation: The organisation 12100000400000624D is not among the dossier's organisations.",
        "$.financing[1].borrower: The organisation 12100000400000624D is not among the dossier's organisations.",
        "$.financing[2].code: The record F0001 appears twice.",
        "$.financing[2].organisation: The organisation 12100000400000624D is not among the dossier's organisations.",
    ]
    docs = [FinancingRecordDoc.model_validate(i) for i in items]
    ledger = Ledger("CSA-1.6", None)
    import_financing(ledger, alliance=world.csa, items=docs, orgs={world.member_b.uscc: world.member_b})
    assert {k: v for k, v in ledger.result.unchanged.items() if v} == {
        "financing_need": 1,
        "financing_line": 1,
    }
    assert {k: v for k, v in ledger.result.created.items() if v} == {}


def test_the_demo(world: Any) -> None:
    from itisa.financing.demo import load_demo_financing

    line_ = load_demo_financing(alliance=world.csa, secretariat=world.user("secretariat"))
    assert line_ is not None
    assert load_demo_financing(alliance=world.csa, secretariat=world.user("secretariat")) is None
    assert FinancingNeed.objects.get().status == "offered"
    assert (NeedStatusChange.objects.count(), InstitutionResponse.objects.count(), CreditLine.objects.count(),
            Drawdown.objects.count(), Repayment.objects.count()) == (4, 1, 1, 2, 1)  # fmt: skip
    from itisa.financing.selectors import line_document

    doc = line_document(line_, today=dt.date(2026, 9, 15))
    assert (doc["limit"], doc["drawn"], doc["outstanding"]) == ("4000000.00", "2500000.00", "2000000.00")


def test_the_admin_only_reads(world: Any, rf: Any) -> None:
    from django.contrib import admin

    request = rf.get("/admin/")
    for model in (FinancingNeed, InstitutionResponse, CreditLine, Drawdown, Repayment):
        model_admin = admin.site._registry[model]
        assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
                model_admin.has_delete_permission(request)) == (False, False, False)  # fmt: skip
