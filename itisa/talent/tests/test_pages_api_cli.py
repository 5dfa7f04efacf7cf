"""The talent pages (lists with filters, pages and Excel; detail; forms; outcome), the alliance panel, the
API, the command, the Excel import of exchanges and the dossier section."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from itisa.audit.models import AuditEntry
from itisa.dossier.services._support import Ledger
from itisa.talent.dossier.section import TalentRecordDoc, export_talent, import_talent, talent_problems
from itisa.talent.models import Exchange, Programme
from itisa.talent.tests.conftest import counts, exchange, programme

pytestmark = pytest.mark.usefixtures("clock")


def test_the_programme_list_filters_pages_and_exports(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    programme(world)
    client.force_login(world.user("council_member"))
    url = "/en/alliances/CSA/talent/"
    with django_assert_max_num_queries(14) as one:
        r = client.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and html.count('data-testid="programme-row"') == 1
    assert "In 2026: 1 programmes with 12 participants; 0 staff exchanges, 0.0 person-months." in html
    for i in range(30):
        programme(world, title_zh=f"培训班{i}", kind="course", organisers=[world.member_b.pk],
                  starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 2, 1))  # fmt: skip
    with django_assert_max_num_queries(len(one.captured_queries)):
        r = client.get(url)
    assert r.content.decode().count('data-testid="programme-row"') == 25
    assert client.get(url + "?page=2").content.decode().count('data-testid="programme-row"') == 6
    assert client.get(url + "?kind=postgraduate").content.decode().count('data-testid="programme-row"') == 1
    assert client.get(url + "?year=2025").content.decode().count('data-testid="programme-row"') == 1
    assert client.get(url + "?q=培训班1").content.decode().count('data-testid="programme-row"') == 11
    assert client.get(url + "?q=甲公司").content.decode().count('data-testid="programme-row"') == 1
    assert 'data-testid="filter-errors"' in client.get(url + "?year=abc").content.decode()
    sheet = load_workbook(io.BytesIO(client.get(url + "?kind=postgraduate&format=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Kind", "Title") and rows[1][:3] == (
        "T0001",
        "Joint postgraduate training",
        "联合培养研究生",
    )
    assert rows[1][4] == "乙大学、甲公司" and len(rows) == 2
    client.force_login(world.user("outsider"))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_exchange_list_and_its_excel(world: Any, client: Any, django_assert_max_num_queries: Any) -> None:
    exchange(world)
    client.force_login(world.user("member_contact"))
    url = "/en/alliances/CSA/talent/exchanges/"
    with django_assert_max_num_queries(14) as one:
        html = client.get(url).content.decode()
    assert html.count('data-testid="exchange-row"') == 1 and "6.0" in html
    for i in range(27):
        exchange(world, person_name=f"人员{i}", from_org=world.member_b.pk, to_org=world.member_a.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('data-testid="exchange-row"') == 25
    assert client.get(url + "?q=王五").content.decode().count('data-testid="exchange-row"') == 1
    assert (
        client.get(url + f"?organisation={world.member_a.pk}")
        .content.decode()
        .count('data-testid="exchange-row"')
        == 25
    )
    rows = list(
        load_workbook(io.BytesIO(client.get(url + "?q=王五&format=xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1][:5] == ("E0001", "王五", "甲公司", "乙大学", "访问工程师") and rows[1][7] == 6


def test_record_through_the_pages(world: Any, client: Any) -> None:
    client.force_login(world.user("council_member"))
    assert client.get("/en/alliances/CSA/talent/programmes/new/").status_code == 403
    client.force_login(world.user("secretariat"))
    before = counts()
    r = client.post("/en/alliances/CSA/talent/programmes/new/", {"kind": "course", "title_zh": "培训班", "organisers": [],
                    "starts_on": "2026-01-01", "ends_on": "2026-02-01", "planned_participants": "3"})  # fmt: skip
    assert r.status_code == 200 and counts() == before
    r = client.post("/en/alliances/CSA/talent/programmes/new/", {"kind": "course", "title_zh": "培训班",
                    "organisers": [str(world.member_a.pk)], "starts_on": "2026-01-01", "ends_on": "2026-02-01",
                    "planned_participants": "3"})  # fmt: skip
    assert r.status_code == 302 and r["Location"].endswith("/talent/programmes/T0001/")
    r = client.post(
        "/en/alliances/CSA/talent/programmes/T0001/", {"actual_participants": "3", "outcome_zh": "结业"}
    )
    assert r.status_code == 302
    html = client.get("/en/alliances/CSA/talent/programmes/T0001/").content.decode()
    assert (
        '<dd class="col-sm-9" data-testid="actual">3</dd>' in html
        and 'data-testid="outcome-form"' not in html
    )
    r = client.post("/en/alliances/CSA/talent/exchanges/new/", {"person_name": "王五", "from_org": str(world.member_a.pk),
                    "to_org": str(world.member_b.pk), "role_zh": "工程师", "starts_on": "2026-03-01",
                    "ends_on": "2026-12-31", "purpose_zh": "联合开发"})  # fmt: skip
    assert r.status_code == 302
    html = client.get("/en/alliances/CSA/talent/exchanges/E0001/").content.decode()
    assert "10 months 0 days (10.0 person-months)" in html
    r = client.post("/en/alliances/CSA/talent/exchanges/E0001/", {"outcome_zh": "完成"})
    assert (
        r.status_code == 200
        and "The outcome is recorded from the last day, 31 Dec 2026." in r.content.decode()
    )
    assert Exchange.objects.get().outcome_zh == ""
    assert client.get("/en/alliances/CSA/talent/exchanges/E0099/").status_code == 404


def test_the_alliance_page_shows_the_panel(world: Any, client: Any) -> None:
    client.force_login(world.user("council_member"))
    assert 'data-testid="talent-panel"' in client.get("/en/alliances/CSA/").content.decode()
    client.force_login(world.user("outsider"))
    assert 'data-testid="talent-panel"' not in client.get("/en/alliances/CSA/").content.decode()


def test_the_api(world: Any, client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the API's messages in English
    client.force_login(world.user("secretariat"))
    r = client.post("/api/alliances/CSA/talent/exchanges", {"person_name": "王五", "from_org": world.member_a.pk,
                    "to_org": world.member_b.pk, "role_zh": "工程师", "starts_on": "2026-03-01", "ends_on": "2026-08-31",
                    "purpose_zh": "联合开发"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    assert r.json()["code"] == "E0001" and r.json()["person_months"] == "6.0" and r.json()["months"] == 6
    r = client.post("/api/alliances/CSA/talent/exchanges/E0001/outcome", {"outcome_zh": "完成"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["concluded_on"] == "2026-09-15"
    r = client.post("/api/alliances/CSA/talent/exchanges/E0001/outcome", {"outcome_zh": "再次"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 409
    r = client.post("/api/alliances/CSA/talent/programmes", {"kind": "course", "title_zh": "培训班", "organisers": [],
                    "starts_on": "2026-01-01", "ends_on": "2026-02-01", "planned_participants": 3},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and r.json()["fields"] == {
        "organisers": ["Choose at least one organising member."]
    }
    assert client.get("/api/alliances/CSA/talent/statistics?year=2026").json() == {
        "year": 2026,
        "programmes": 0,
        "participants": 0,
        "exchanges": 1,
        "person_months": "6.0",
    }
    client.force_login(world.user("council_member"))
    assert [x["code"] for x in client.get("/api/alliances/CSA/talent/exchanges").json()] == ["E0001"]
    before = counts()
    r = client.post("/api/alliances/CSA/talent/programmes", {"kind": "course", "title_zh": "培训班",
                    "organisers": [world.member_a.pk], "starts_on": "2026-01-01", "ends_on": "2026-02-01",
                    "planned_participants": 3}, content_type="application/json")  # fmt: skip
    assert r.status_code == 403 and counts() == before
    client.force_login(world.user("outsider"))
    assert client.get("/api/alliances/CSA/talent/programmes").status_code == 403


def test_the_command(world: Any) -> None:
    programme(world)
    exchange(world)
    out = io.StringIO()
    call_command("talent", "stats", "CSA", "--year", "2026", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"year": 2026, "programmes": 1, "participants": 12, "exchanges": 1,
                                          "person_months": "6.0"}  # fmt: skip
    out = io.StringIO()
    call_command("talent", "exchanges", "CSA", "--json", stdout=out)
    assert [(x["code"], x["person_months"]) for x in json.loads(out.getvalue())] == [("E0001", "6.0")]
    out = io.StringIO()
    call_command("talent", "programmes", "CSA", stdout=out)
    assert "T0001" in out.getvalue() and "联合培养研究生" in out.getvalue()


def _workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["person_name", "from", "to", "role_zh", "starts_on", "ends_on", "purpose_zh"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_excel_import_of_exchanges(world: Any, client: Any) -> None:
    a, b = world.member_a.uscc, world.member_b.uscc
    client.force_login(world.user("secretariat"))
    url = "/en/alliances/CSA/talent/exchanges/import/"
    assert client.get("/en/alliances/CSA/talent/exchanges/template/").status_code == 200
    bad = _workbook([["王五", a, b, "工程师", "2026-03-01", "2026-08-31", "联合开发"],
                     ["赵六", a, a, "工程师", "2026-03-01", "2026-08-31", "联合开发"],
                     ["钱七", a, world.sd_org.uscc, "工程师", "2026/03/01", "2026-08-31", "联合开发"]])  # fmt: skip
    before = counts()
    r = client.post(url, {"file": io.BytesIO(bad)}, format="multipart")
    html = r.content.decode()
    assert r.status_code == 200 and "2 of 3 rows are refused; nothing was imported." in html
    assert "row 3" in html and "An exchange goes between two different members." in html
    assert "starts_on: write the date as YYYY-MM-DD." in html
    assert counts() == before
    good = _workbook([["王五", a, b, "工程师", "2026-03-01", "2026-08-31", "联合开发"],
                      ["赵六", b, a, "博士后", dt.date(2026, 9, 1), "2027-08-31", "可靠性研究"]])  # fmt: skip
    r = client.post(url, {"file": io.BytesIO(good)}, format="multipart")
    assert r.status_code == 302
    assert list(Exchange.objects.order_by("code").values_list("code", "person_name")) == [
        ("E0001", "王五"),
        ("E0002", "赵六"),
    ]
    assert AuditEntry.objects.get(action="talent.exchange.imported").data == {
        "rows": 2,
        "codes": ["E0001", "E0002"],
    }


def test_the_dossier_section_round_trip(world: Any) -> None:
    p = programme(world)
    exchange(world)
    items = export_talent(world.csa, include_restricted=True)
    assert [(i["record"], i["code"]) for i in items] == [("programme", "T0001"), ("exchange", "E0001")]
    assert items[0]["organisers"] == sorted([world.member_a.uscc, world.member_b.uscc])
    usccs = {world.member_a.uscc, world.member_b.uscc}
    assert talent_problems({"talent": items}, usccs) == []
    assert [str(x) for x in talent_problems({"talent": [*items, items[1]]}, {world.member_a.uscc})] == [
        "$.talent[0].organisers[0]: The organisation 12100000400000624D is not among the dossier's organisations.",
        "$.talent[1].to_org: The organisation 12100000400000624D is not among the dossier's organisations.",
        "$.talent[2].code: The record E0001 appears twice.",
        "$.talent[2].to_org: The organisation 12100000400000624D is not among the dossier's organisations.",
    ]
    docs = [TalentRecordDoc.model_validate(i) for i in items]
    orgs = {world.member_a.uscc: world.member_a, world.member_b.uscc: world.member_b}
    ledger = Ledger("CSA-1.6", None)
    import_talent(ledger, alliance=world.csa, items=docs, orgs=orgs)
    assert {k: v for k, v in ledger.result.unchanged.items() if v} == {
        "talent_programme": 1,
        "talent_exchange": 1,
    }
    p.organisers.clear()
    Programme.objects.all().delete()
    Exchange.objects.all().delete()
    ledger = Ledger("CSA-1.6", None)
    import_talent(ledger, alliance=world.csa, items=docs, orgs=orgs)
    assert {k: v for k, v in ledger.result.created.items() if v} == {
        "talent_programme": 1,
        "talent_exchange": 1,
    }
    assert export_talent(world.csa, include_restricted=True) == items


def test_the_demo(world: Any) -> None:
    from itisa.talent.demo import load_demo_talent

    first = load_demo_talent(alliance=world.csa, secretariat=world.user("secretariat"))
    assert first is not None and (first.code, first.actual_participants) == ("T0001", 11)
    assert load_demo_talent(alliance=world.csa, secretariat=world.user("secretariat")) is None
    assert list(Exchange.objects.order_by("code").values_list("code", "person_name", "concluded_on")) == [
        ("E0001", "王五", dt.date(2026, 9, 15)),
        ("E0002", "赵六", None),
    ]


def test_the_detail_pages_cost_a_fixed_number_of_queries(
    world: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    programme(world)
    exchange(world)
    client.force_login(world.user("secretariat"))
    with django_assert_max_num_queries(14):
        assert client.get("/en/alliances/CSA/talent/programmes/T0001/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/en/alliances/CSA/talent/exchanges/E0001/").status_code == 200


def test_the_admin_only_reads(world: Any, rf: Any) -> None:
    from django.contrib import admin

    request = rf.get("/admin/")
    for model in (Programme, Exchange):
        model_admin = admin.site._registry[model]
        assert (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
                model_admin.has_delete_permission(request)) == (False, False, False)  # fmt: skip
