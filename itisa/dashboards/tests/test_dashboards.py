"""The dashboards of issue 18 (item 5): each officer sees the alliances they follow and nothing else, exact
counts per panel, every count opens its alliances, Excel, API, the command line and the header link."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import BytesIO, StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from itisa.audit.models import AuditEntry
from itisa.dashboards.selectors import followed_alliances
from itisa.dashboards.tests.conftest import CODE, Dash

pytestmark = pytest.mark.django_db

OFFICERS = {
    "national_officer": ["CSA", "JSA", "NTI", "SDC", "SDX"],
    "provincial_officer": ["SDC", "SDX"],
    "association_officer": ["JSA", "SDC"],
}


def _get(client: Any, user: Any, path: str, **params: Any) -> Any:
    client.force_login(user)
    return client.get(path, params)


def _values(panel: dict[str, Any]) -> list[list[Any]]:
    return [[c["value"] for c in row] for row in panel["rows"]]


@pytest.mark.parametrize(
    "persona", [*OFFICERS, "secretariat", "council_member", "expert", "fund_supervisor", "outsider"]
)
def test_each_officer_follows_their_alliances_only(dash: Dash, persona: str) -> None:
    codes = sorted(followed_alliances(dash.user(persona)).values_list("code", flat=True))
    assert codes == OFFICERS.get(persona, [])


@pytest.mark.parametrize("persona", ["secretariat", "fund_supervisor", "outsider"])
def test_others_are_refused_with_the_reason(dash: Dash, client: Any, persona: str) -> None:
    audits = AuditEntry.objects.count()
    page = _get(client, dash.user(persona), "/en/dashboards/")
    assert page.status_code == 403
    assert b"Only the national office, provincial officers and industry association" in page.content
    assert _get(client, dash.user(persona), "/en/dashboards/alliances/").status_code == 403
    api = client.get("/api/dashboards/status")
    assert (api.status_code, api.json()["code"]) == (403, "permission_denied")
    assert AuditEntry.objects.count() == audits


def test_anonymous_visitors_are_sent_to_log_in(dash: Dash, client: Any) -> None:
    page = client.get("/dashboards/")
    assert (page.status_code, page["Location"]) == (302, "/login/?next=/dashboards/")
    assert client.get("/api/dashboards/status").status_code == 401


def test_the_national_office_counts_every_alliance(dash: Dash, client: Any) -> None:
    client.force_login(dash.user("national_officer"))
    got = {key: client.get(f"/api/dashboards/{key}", {"indicator": CODE}, HTTP_ACCEPT_LANGUAGE="en").json()
           for key in ("status", "industry", "province", "years", "ranking", "diffusion", "pilots", "pilot_periods")}  # fmt: skip
    assert {p["alliances"] for p in got.values()} == {5}
    assert {p["year"] for p in got.values()} == {2025}  # the last full year before 2 March 2026
    assert _values(got["status"]) == [["Forming", 1], ["Established", 3], ["Pilot", 1], ["Suspended", 0],
                                      ["Dissolved", 0]]  # fmt: skip
    assert _values(got["industry"]) == [
        ["B Mining", 2], ["C Manufacturing", 2], ["I Information transmission, software and IT services", 1],
    ]  # fmt: skip
    assert _values(got["province"]) == [
        ["National alliances (no province)", 2],
        ["Jiangsu", 1],
        ["Shandong", 2],
    ]
    # founded per year (SDC: the factory's 2010), and JSA's moves: to established in 2013, to pilot in 2016
    assert _values(got["years"]) == [
        ["2004", 1, 0, 0, 0, 0, 0], ["2010", 1, 0, 0, 0, 0, 0], ["2012", 1, 0, 0, 0, 0, 0],
        ["2013", 0, 0, 1, 0, 0, 0], ["2015", 2, 0, 0, 0, 0, 0], ["2016", 0, 0, 0, 1, 0, 0],
    ]  # fmt: skip
    # the newest recorded value wins (CSA's correction to 40.00); Decimal as text, exactly
    assert _values(got["ranking"]) == [
        [1, "CSA China Solid State Lighting Alliance", "40.00"],
        [2, f"SDX {dash.sdx.name_en}", "30.00"],
        [3, f"JSA {dash.jsa.name_en}", "7.00"],
    ]
    assert got["ranking"]["chart"]["series"] == [{"name": "Test score", "data": [40.0, 30.0, 7.0]}]
    # CSA's open obligation past its deadline counts as overdue today
    assert _values(got["diffusion"]) == [["Open", 1, 1], ["Met", 1, 1], ["Overdue", 2, 2], ["Met late", 0, 0]]
    assert _values(got["pilots"]) == [["Running", 0], ["Period ends within 180 days", 1], ["Period ended", 1]]
    assert [row[1:] for row in _values(got["pilot_periods"])] == [
        [
            "CSA China Solid State Lighting Alliance",
            "2026年产业技术创新战略试点联盟申报",
            "2023-12-31",
            "2025-12-31",
        ],
        [f"JSA {dash.jsa.name_en}", "2026年产业技术创新战略试点联盟申报", "2024-06-30", "2026-06-30"],
    ]


def test_a_provincial_officer_sees_only_their_province(dash: Dash, client: Any) -> None:
    client.force_login(dash.user("provincial_officer"))
    province = client.get("/api/dashboards/province", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (province["alliances"], _values(province)) == (
        2,
        [["National alliances (no province)", 0], ["Shandong", 2]],
    )
    ranking = client.get("/api/dashboards/ranking", {"indicator": CODE}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert _values(ranking) == [[1, f"SDX {dash.sdx.name_en}", "30.00"]]
    assert _values(client.get("/api/dashboards/diffusion").json())[2][1:] == [0, 0]
    page = client.get("/en/dashboards/").content.decode()
    assert "SDX" in page and "CSA" not in page and "JSA" not in page


def test_an_association_sees_only_its_industry(dash: Dash, client: Any) -> None:
    client.force_login(dash.user("association_officer"))
    industry = client.get("/api/dashboards/industry", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (industry["alliances"], _values(industry)) == (2, [["B Mining", 2]])
    assert _values(client.get("/api/dashboards/diffusion", HTTP_ACCEPT_LANGUAGE="en").json()) == [
        ["Open", 0, 0], ["Met", 0, 0], ["Overdue", 1, 1], ["Met late", 0, 0],
    ]  # fmt: skip
    periods = client.get("/api/dashboards/pilot_periods").json()
    assert [row[1]["value"] for row in periods["rows"]] == [f"JSA {dash.jsa.name_zh}"]


def _drill(client: Any, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return [line.split('href="/en/alliances/')[1].split("/")[0]
            for line in page.split('data-testid="drill-row"')[1:]]  # fmt: skip


def test_every_count_opens_its_alliances_and_each_alliance_its_page(dash: Dash, client: Any) -> None:
    client.force_login(dash.user("national_officer"))
    diffusion = client.get("/api/dashboards/diffusion", HTTP_ACCEPT_LANGUAGE="en").json()
    overdue = diffusion["rows"][2][2]
    assert overdue == {
        "value": 2,
        "url": "/en/dashboards/alliances/?diffusion=overdue",
    }  # the reader's language
    assert diffusion["rows"][3][2] == {"value": 0, "url": None}  # a zero opens nothing
    assert _drill(client, overdue["url"]) == ["CSA", "JSA"]
    page = client.get("/en/dashboards/").content.decode()
    for url in ('href="/en/dashboards/alliances/?status=established"', 'href="/en/dashboards/alliances/?industry=B"',
                'href="/en/dashboards/alliances/?scope=regional&amp;province=37"',
                'href="/en/dashboards/alliances/?founded=2015"', 'href="/en/dashboards/alliances/?changed=2016&amp;to=pilot"',
                'href="/en/dashboards/alliances/?pilot=ending"', 'href="/en/alliances/CSA/"'):  # fmt: skip
        assert url in page, url
    for query, codes in (("status=established", ["CSA", "NTI", "SDX"]), ("industry=B", ["JSA", "SDC"]),
                         ("scope=regional&province=37", ["SDC", "SDX"]), ("founded=2015", ["NTI", "SDX"]),
                         ("changed=2016&to=pilot", ["JSA"]), ("changed=2013", ["JSA"]), ("pilot=ended", ["CSA"]),
                         ("pilot=ending", ["JSA"]), ("diffusion=open", ["CSA"])):  # fmt: skip
        assert _drill(client, f"/en/dashboards/alliances/?{query}") == codes, query
    # the provincial officer's list holds only the alliances they follow, whatever the filter
    client.force_login(dash.user("provincial_officer"))
    assert _drill(client, "/en/dashboards/alliances/?industry=C") == ["SDX"]
    assert _drill(client, "/en/dashboards/alliances/?diffusion=overdue") == []
    assert _drill(client, "/en/dashboards/alliances/?founded=nonsense") == ["SDC", "SDX"]


def test_every_table_downloads_as_excel(dash: Dash, client: Any) -> None:
    client.force_login(dash.user("national_officer"))
    one = client.get("/en/dashboards/", {"format": "xlsx", "panel": "ranking", "top": "2", "indicator": CODE})
    assert one["Content-Disposition"] == 'attachment; filename="dashboard-ranking-2025.xlsx"'
    sheet = load_workbook(BytesIO(one.content)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Indicator ranking", 2025, None],
        ["Rank", "Alliance", "Value"],
        [1, "CSA China Solid State Lighting Alliance", 40],
        [2, f"SDX {dash.sdx.name_en}", 30],
    ]
    every = load_workbook(BytesIO(client.get("/en/dashboards/", {"format": "xlsx", "year": "2026"}).content))
    assert every.sheetnames == [
        "status", "industry", "province", "years", "ranking", "diffusion", "pilots", "pilot_periods", "reports",
        "reports_overdue", "rating", "grades", "awaiting_evaluation",
    ]  # fmt: skip
    assert next(every["industry"].iter_rows(values_only=True)) == (
        "Alliances by industry (GB/T 4754 sections)", 2026,
    )  # fmt: skip
    assert [list(r) for r in every["pilot_periods"].iter_rows(values_only=True)][2:] == [
        ["Period ends within 180 days", f"JSA {dash.jsa.name_en}", "2026年产业技术创新战略试点联盟申报",
         dt.datetime(2024, 6, 30), dt.datetime(2026, 6, 30)],  # noqa: DTZ001 - Excel dates are naive
    ]  # fmt: skip


def test_the_api_validates_and_names_missing_panels(dash: Dash, client: Any) -> None:
    client.force_login(dash.user("national_officer"))
    assert client.get("/api/dashboards/nope").status_code == 404
    assert client.get("/api/dashboards/status", {"year": "1800"}).status_code == 422
    assert client.get("/api/dashboards/ranking", {"top": "0"}).status_code == 422
    top = client.get("/api/dashboards/ranking", {"top": "1", "indicator": CODE, "year": "2025"}).json()
    assert [row[0]["value"] for row in top["rows"]] == [1]
    empty = client.get("/api/dashboards/ranking", {"year": "2024", "indicator": CODE}).json()
    assert (empty["rows"], empty["year"]) == ([], 2024)


def test_the_page_reads_without_script_and_draws_with_echarts(dash: Dash, client: Any) -> None:
    page = _get(client, dash.user("national_officer"), "/dashboards/").content.decode()
    assert '<script id="chart-status" type="application/json">' in page
    assert 'data-chart="chart-status"' in page and 'data-testid="table-status"' in page
    assert "/static/echarts/echarts.min.js" in page and "/static/dashboards/charts.js" in page
    assert 'data-testid="nav-dashboards"' in page and "统计看板" in page
    assert 'data-testid="pilot-dashboard-link"' in page  # the pilot program's own dashboard stays, linked
    other = _get(client, dash.user("secretariat"), "/alliances/").content.decode()
    assert 'data-testid="nav-dashboards"' not in other


def test_the_command_prints_a_viewers_panels(dash: Dash) -> None:
    out = StringIO()
    call_command("dashboard", "show", "--as", "provincial_officer", "--panel", "status", "--json", stdout=out)
    [status] = json.loads(out.getvalue())
    assert (status["key"], status["alliances"], [r[1]["value"] for r in status["rows"]]) == (
        "status",
        2,
        [1, 1, 0, 0, 0],
    )
    out = StringIO()
    call_command("dashboard", "show", "--year", "2025", "--indicator", CODE, stdout=out)
    assert "CSA" in out.getvalue() and "40.00" in out.getvalue()
    with pytest.raises(CommandError, match="Only the national office"):
        call_command("dashboard", "show", "--as", "outsider")


def test_the_ranking_reads_the_values_current_values_reads(dash: Dash) -> None:
    from itisa.dashboards.selectors import ranked_values
    from itisa.indicators.selectors import current_values

    for persona in OFFICERS:
        followed = followed_alliances(dash.user(persona))
        current = current_values(2025, followed, [CODE])
        expected = sorted(
            ((row[CODE].value, aid) for aid, row in current.items()), key=lambda p: (-p[0], p[1])
        )
        assert [(v, a) for a, v in ranked_values(2025, CODE, followed, 10)] == expected, persona
    assert ranked_values(2025, CODE, None, 2) == [
        (dash.world.csa.pk, Decimal("40.00")),
        (dash.sdx.pk, Decimal("30.00")),
    ]


def test_the_yearly_follow_up_panels_count_reports_ratings_grades_and_pilots_awaiting_evaluation(
    dash: Dash, client: Any
) -> None:
    """The 2025 round opened in January with its deadline on 28 February: on 2 March the four established
    or pilot alliances' drafts are overdue; CSA's pilot period ended on 2025-12-31 and nothing evaluates it;
    no rating is published and no grade given yet. The provincial officer sees only SDX's report."""
    from itisa.reports.services import round_open

    with time_machine.travel(dt.datetime(2026, 1, 10, 10, tzinfo=dt.UTC), tick=False):
        round_open(by=dash.user("national_officer"), year=2025, deadline=dt.date(2026, 2, 28))
    keys = ("reports", "reports_overdue", "rating", "grades", "awaiting_evaluation")

    def panels_of(persona: str) -> dict[str, Any]:
        client.force_login(dash.user(persona))
        return {k: client.get(f"/api/dashboards/{k}", HTTP_ACCEPT_LANGUAGE="en").json() for k in keys}

    national = panels_of("national_officer")
    assert _values(national["reports"]) == [
        ["Draft", 4], ["Submitted", 0], ["Returned for correction", 0], ["Accepted", 0],
        ["Overdue (not submitted)", 4],
    ]  # fmt: skip
    assert [row[1] for row in _values(national["reports_overdue"])] == ["2026-02-28"] * 4
    assert [row[0].split()[0] for row in _values(national["reports_overdue"])] == ["CSA", "JSA", "NTI", "SDX"]
    assert _values(national["rating"]) == []
    assert national["rating"]["note"] == "No rating published for this year."
    assert [row[1] for row in _values(national["grades"])] == [0, 0, 0]
    assert [[row[0].split()[0], row[2]] for row in _values(national["awaiting_evaluation"])] == [
        ["CSA", "2025-12-31"]
    ]
    provincial = panels_of("provincial_officer")
    assert _values(provincial["reports"])[0] == ["Draft", 1]
    assert [row[0].split()[0] for row in _values(provincial["reports_overdue"])] == ["SDX"]
    assert _values(provincial["awaiting_evaluation"]) == []
    association = panels_of("association_officer")
    assert [row[0].split()[0] for row in _values(association["reports_overdue"])] == ["JSA"]
