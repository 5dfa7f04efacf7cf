"""The indicator pages: who sees the table (403 with the reason otherwise), the secretariat records from the
system and reports with evidence (errors by field, nothing written), the history, the Excel download, the
registry page and the alliance page's panel; the table's query count does not grow with recorded rows."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from itisa.indicators.models import IndicatorValue
from itisa.indicators.tests.conftest import counts

pytestmark = pytest.mark.django_db

TABLE = "/en/alliances/CSA/indicators/2025/"


def _as(client: Any, world: Any, persona: str) -> Any:
    client.force_login(world.user(persona))
    return client


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("council_member", 200), ("member_contact", 200), ("national_officer", 200),
     ("outsider", 403), ("provincial_officer", 403), ("association_officer", 403)],
)  # fmt: skip
def test_who_sees_the_table(client: Any, world: Any, persona: str, status: int) -> None:
    response = _as(client, world, persona).get(TABLE)
    assert response.status_code == status
    if status == 403:
        assert b"Only the alliance&#x27;s people and the officers who follow it" in response.content


def test_anonymous_visitors_go_to_the_login_page(client: Any, world: Any) -> None:
    for path in (TABLE, "/en/indicators/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_year_outside_the_store_is_not_found(client: Any, world: Any) -> None:
    c = _as(client, world, "secretariat")
    assert c.get("/en/alliances/CSA/indicators/1999/").status_code == 404
    assert c.get("/en/alliances/CSA/indicators/2099/").status_code == 404
    assert c.get("/en/alliances/NOPE/indicators/2025/").status_code == 404


def test_the_table_shows_every_indicator_with_system_and_recorded_values(client: Any, world: Any) -> None:
    c = _as(client, world, "secretariat")
    page = c.get(TABLE)
    html = page.content.decode()
    assert html.count('data-code="') == 36
    assert 'data-testid="record"' in html
    assert "0 of 36 indicators have a recorded value." in html
    recorded = c.post(TABLE + "record/", follow=True)
    assert recorded.redirect_chain == [(TABLE, 302)]
    assert "28 values recorded from the system." in recorded.content.decode()
    assert IndicatorValue.objects.filter(alliance=world.csa, year=2025, source="system").count() == 28
    again = c.post(TABLE + "record/", follow=True)
    assert "Nothing to record" in again.content.decode()
    assert "28 of 36 indicators have a recorded value." in again.content.decode()
    # a member's contact sees it but has no button
    client.force_login(world.user("member_contact"))
    assert 'data-testid="record"' not in client.get(TABLE).content.decode()


def test_only_the_secretariat_records_and_a_refusal_writes_nothing(client: Any, world: Any) -> None:
    before = counts()
    for persona in ("member_contact", "national_officer", "outsider"):
        assert _as(client, world, persona).post(TABLE + "record/").status_code == 403
        assert (
            client.post(TABLE + "reported.rd_investment/", {"value": "1", "evidence": "x"}).status_code == 403
        )
    assert client.get(TABLE + "record/").status_code == 405
    assert counts() == before


def test_the_secretariat_reports_and_corrects_with_evidence(client: Any, world: Any) -> None:
    c = _as(client, world, "secretariat")
    url = TABLE + "reported.rd_investment/"
    page = c.get(url)
    assert 'data-testid="report-form"' in page.content.decode()
    assert 'data-testid="no-values"' in page.content.decode()
    saved = c.post(url, {"value": "1200000.50", "evidence": "2025年度工作总结 附表3"}, follow=True)
    assert saved.redirect_chain == [(url, 302)]
    c.post(url, {"value": "1300000", "evidence": "审计报告", "note": "更正"})
    rows = list(IndicatorValue.objects.filter(code="reported.rd_investment").values_list("value", "evidence"))
    assert [(str(v), e) for v, e in rows] == [
        ("1200000.50", "2025年度工作总结 附表3"),
        ("1300000.00", "审计报告"),
    ]
    html = c.get(url).content.decode()
    assert html.count("<tr") == 3  # header and two rows; the newest is current
    table = c.get(TABLE).content.decode()
    assert 'data-testid="self-reported"' in table
    assert "审计报告" in table


def test_invalid_reports_show_errors_by_field_and_write_nothing(client: Any, world: Any) -> None:
    c = _as(client, world, "secretariat")
    url = TABLE + "reported.standards_led/"
    before = counts()
    response = c.post(url, {"value": "2.5", "evidence": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_evidence-errors"' in html
    response = c.post(url, {"value": "2.5", "evidence": "年报"})
    assert 'id="id_value-errors"' in response.content.decode()
    assert "A count is a whole number." in response.content.decode()
    assert c.post(TABLE + "membership.members/", {"value": "3", "evidence": "年报"}).status_code == 404
    assert c.get(TABLE + "no.such/").status_code == 404
    assert counts() == before


def test_a_computed_indicator_shows_its_history_without_a_form(client: Any, world: Any) -> None:
    c = _as(client, world, "secretariat")
    c.post(TABLE + "record/")
    html = c.get(TABLE + "membership.members/").content.decode()
    assert 'data-testid="report-form"' not in html
    assert 'data-testid="current"' in html


def test_the_excel_download_lists_every_indicator(client: Any, world: Any) -> None:
    c = _as(client, world, "national_officer")
    response = c.get(TABLE + "?format=xlsx")
    assert response["Content-Disposition"].endswith('indicators-CSA-2025.xlsx"')
    ws = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == world.csa.name_zh
    assert rows[2][:3] == ("Code", "Name (Chinese)", "Name (English)")
    data = {r[0]: r for r in rows[3:]}
    assert len(data) == 36
    assert data["membership.members"][5] == 2
    assert data["reported.rd_investment"][5] is None


def test_the_registry_page_lists_every_indicator(client: Any, world: Any) -> None:
    html = _as(client, world, "outsider").get("/en/indicators/").content.decode()
    assert html.count('<tr data-code="') == 36
    assert "年末成员单位总数" in html and "Members at year end" in html
    assert "国科发政〔2008〕770号 第八条(六)" in html
    zh = client.get("/indicators/").content.decode()
    assert "年末成员单位总数" in zh


def test_the_alliance_page_links_to_the_tables_for_its_people_only(client: Any, world: Any) -> None:
    assert (
        'data-testid="indicators-panel"'
        in _as(client, world, "secretariat").get("/en/alliances/CSA/").content.decode()
    )
    assert (
        'data-testid="indicators-panel"'
        not in _as(client, world, "outsider").get("/en/alliances/CSA/").content.decode()
    )


def test_the_table_query_count_does_not_grow_with_recorded_rows(
    client: Any, world: Any, django_assert_max_num_queries: Any
) -> None:
    from itisa.indicators.services import indicator_value_report

    c = _as(client, world, "secretariat")
    c.get(TABLE)
    with django_assert_max_num_queries(60) as few:
        c.get(TABLE)
    s = world.user("secretariat")
    c.post(TABLE + "record/")
    for value in range(10):
        indicator_value_report(alliance=world.csa, year=2025, code="reported.standards_led", value=str(value),
                               evidence="年报", by=s)  # fmt: skip
    with django_assert_max_num_queries(60) as many:
        c.get(TABLE)
    assert len(many.captured_queries) == len(few.captured_queries)
