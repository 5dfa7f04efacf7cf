"""The pages: the secretariat writes and submits (confirmed first), the office returns and accepts,
officers read the reports they follow; lists, compilations (page, Excel, PDF) and the report PDF."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from itisa.audit.models import AuditEntry
from itisa.reports.models import AnnualReport
from itisa.reports.services import report_submit
from itisa.reports.tests.conftest import PARTS, RW, write


def _as(client: Any, rw: RW, persona: str) -> Any:
    client.force_login(rw.user(persona))
    return client


def test_write_submit_return_accept_through_the_pages(rw: RW, client: Any) -> None:
    c = _as(client, rw, "secretariat")
    page = c.get("/en/alliances/CSA/reports/2025/")
    body = page.content.decode()
    assert page.status_code == 200
    assert (
        'data-testid="live-table"' in body
        and 'data-testid="edit"' in body
        and 'data-testid="accept"' not in body
    )
    saved = c.post("/en/alliances/CSA/reports/2025/edit/", PARTS)
    assert saved.status_code == 302
    assert AnnualReport.objects.get(pk=rw.csa.pk).plan_zh == PARTS["plan_zh"]
    asked = c.post("/en/alliances/CSA/reports/2025/submit/", {})
    assert asked.status_code == 200 and 'data-testid="confirm"' in asked.content.decode()
    assert AnnualReport.objects.get(pk=rw.csa.pk).status == "draft"
    done = c.post("/en/alliances/CSA/reports/2025/submit/", {"confirmed": "1"})
    assert done.status_code == 302
    assert AnnualReport.objects.get(pk=rw.csa.pk).status == "submitted"
    c = _as(client, rw, "national_officer")
    body = c.get("/en/alliances/CSA/reports/2025/").content.decode()
    assert (
        'data-testid="frozen-table"' in body
        and 'data-testid="accept"' in body
        and 'data-testid="return"' in body
    )
    c.post("/en/alliances/CSA/reports/2025/return/", {"reason": "请补充。", "confirmed": "1"})
    assert AnnualReport.objects.get(pk=rw.csa.pk).status == "returned"
    c = _as(client, rw, "secretariat")
    c.post("/en/alliances/CSA/reports/2025/submit/", {"confirmed": "1"})
    c = _as(client, rw, "national_officer")
    c.post("/en/alliances/CSA/reports/2025/accept/", {"confirmed": "1"})
    assert AnnualReport.objects.get(pk=rw.csa.pk).status == "accepted"
    pdf = c.get("/en/alliances/CSA/reports/2025/?format=pdf")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("council_member", "/en/alliances/CSA/reports/2025/", 200),
        ("council_member", "/en/alliances/CSA/reports/2025/edit/", 403),
        ("council_member", "/en/reports/", 403),
        ("provincial_officer", "/en/alliances/CSA/reports/2025/", 404),
        ("provincial_officer", "/en/alliances/SDC/reports/2025/", 200),
        ("provincial_officer", "/en/alliances/SDC/reports/2025/accept/", 403),
        ("association_officer", "/en/alliances/SDC/reports/2025/", 200),
        ("secretariat", "/en/alliances/SDC/reports/2025/", 404),
        ("national_officer", "/en/alliances/CSA/reports/2025/submit/", 403),
        ("secretariat", "/en/alliances/CSA/reports/2025/destroy/", 404),
    ],
)
def test_who_sees_what(rw: RW, client: Any, persona: str, path: str, status: int) -> None:
    before = AuditEntry.objects.count()
    assert _as(client, rw, persona).get(path).status_code == status
    assert AuditEntry.objects.count() == before


def test_anonymous_visitors_are_sent_to_log_in(rw: RW, client: Any) -> None:
    assert client.get("/en/alliances/CSA/reports/2025/").status_code == 302
    assert client.get("/en/reports/").status_code == 302


def test_a_refused_post_writes_nothing(rw: RW, client: Any) -> None:
    before = AuditEntry.objects.count()
    c = _as(client, rw, "council_member")
    assert c.post("/en/alliances/CSA/reports/2025/edit/", PARTS).status_code == 403
    c = _as(client, rw, "secretariat")
    answer = c.post("/en/alliances/CSA/reports/2025/submit/", {"confirmed": "1"})  # the parts are empty
    assert answer.status_code == 200 and "Write this part before submitting." in answer.content.decode()
    assert AuditEntry.objects.count() == before
    assert AnnualReport.objects.get(pk=rw.csa.pk).status == "draft"


def test_the_received_list_is_scoped_filtered_and_its_queries_fixed(
    rw: RW, client: Any, django_assert_max_num_queries: Any
) -> None:
    c = _as(client, rw, "national_officer")
    with django_assert_max_num_queries(12):
        body = c.get("/en/reports/?year=2025").content.decode()
    assert body.count('data-testid="report-row"') == 2
    assert c.get("/en/reports/?province=37").content.decode().count('data-testid="report-row"') == 1
    assert c.get("/en/reports/?status=accepted").content.decode().count('data-testid="report-row"') == 0
    c = _as(client, rw, "provincial_officer")
    assert c.get("/en/reports/").content.decode().count('data-testid="report-row"') == 1


def test_the_national_office_opens_a_round_on_the_rounds_page(rw: RW, client: Any) -> None:
    c = _as(client, rw, "national_officer")
    assert c.post("/en/reports/rounds/", {"year": "2025"}).status_code == 400  # already open
    assert c.post("/en/reports/rounds/", {"year": "2024"}).status_code == 302
    assert AnnualReport.objects.filter(year=2024).count() == 2
    c = _as(client, rw, "provincial_officer")
    assert 'data-testid="round-form"' not in c.get("/en/reports/rounds/").content.decode()
    assert c.post("/en/reports/rounds/", {"year": "2023"}).status_code == 403


def test_compilations(rw: RW, client: Any) -> None:
    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)
    c = _as(client, rw, "national_officer")
    page = c.get("/en/reports/compilation/2025/")
    assert page.status_code == 200 and "半导体照明" in page.content.decode()
    book = load_workbook(BytesIO(c.get("/en/reports/compilation/2025/?format=xlsx").content))
    overview = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
    assert overview[2][:4] == ["CSA", "半导体照明产业技术创新战略联盟", None, "Submitted"]
    assert overview[2][-4:] == [
        PARTS["main_work_zh"],
        PARTS["achievements_zh"],
        PARTS["problems_zh"],
        PARTS["plan_zh"],
    ]
    values = [[cell.value for cell in row] for row in book.worksheets[1].iter_rows()]
    assert [r[2:4] for r in values[2:]] == [["test.members", 2]]
    pdf = c.get("/en/reports/compilation/2025/?format=pdf")
    assert pdf.content[:5] == b"%PDF-"
    # the provincial compilation of Shandong holds no submitted report
    c = _as(client, rw, "provincial_officer")
    assert "半导体照明" not in c.get("/en/reports/compilation/2025/?province=37").content.decode()
    assert c.get("/en/reports/compilation/2025/?province=99").status_code == 404
