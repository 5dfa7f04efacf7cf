"""The project list page: filters by status, lead member and year (a project is in a year its period
touches), search, 25 to a page, queries that do not grow with the projects, and the same list (the
viewer's, filtered) as an Excel workbook through the one writer."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from itisa.core.exports import XLSX_CONTENT_TYPE
from itisa.projects.models import Project
from itisa.projects.services import ProjectInput, project_create
from itisa.projects.tests.conftest import ProjectWorld

URL = "/en/alliances/CSA/projects/"


def _propose(pw: ProjectWorld, title: str, start: dt.date, end: dt.date, lead: Any) -> Project:
    return project_create(by=pw.user("secretariat"), alliance=pw.world.csa, data=ProjectInput(
        title_zh=title, starts_on=start, ends_on=end, lead=lead.pk, lead_task_zh="任务",
    ))  # fmt: skip


def _codes(client: Any, **params: Any) -> list[str]:
    r = client.get(URL, params)
    assert r.status_code == 200, r.content
    return [p.code for p in r.context["page"]]


def test_filters_by_status_lead_and_year_with_search(pw: ProjectWorld, client: Any) -> None:
    w = pw.world
    _propose(pw, "驱动电源", dt.date(2025, 1, 1), dt.date(2025, 12, 31), w.member_b)  # P002
    _propose(pw, "封装材料", dt.date(2028, 1, 1), dt.date(2029, 6, 30), w.member_b)  # P003
    client.force_login(pw.user("secretariat"))
    assert _codes(client) == ["P003", "P002", "P001"]
    assert _codes(client, lead=w.member_b.pk) == ["P003", "P002"]
    assert _codes(client, lead=w.member_a.pk) == ["P001"]
    # P001 runs 2026-03-01 – 2027-12-31
    assert _codes(client, year=2025) == ["P002"]
    assert _codes(client, year=2027) == ["P001"]
    assert _codes(client, year=2029) == ["P003"]
    assert _codes(client, year=2030) == []
    assert _codes(client, year=2025, lead=w.member_a.pk) == []
    assert _codes(client, q="电源", status="proposed") == ["P002"]
    assert _codes(client, status="running") == []
    # bad filter values are a form error, and the list is unfiltered rather than a 500
    r = client.get(URL, {"year": "1800", "lead": "x"})
    assert r.status_code == 200
    assert set(r.context["form"].errors) == {"year", "lead"}
    html = r.content.decode()
    assert f'<option value="{w.member_b.pk}">乙大学</option>' in html


def test_the_list_is_paged_and_its_queries_do_not_grow(
    pw: ProjectWorld, client: Any, django_assert_max_num_queries: Any
) -> None:
    w = pw.world
    client.force_login(pw.user("secretariat"))
    counts = []
    for n in (0, 30):
        for i in range(n):
            _propose(pw, f"项目{i}", dt.date(2026, 1, 1), dt.date(2026, 12, 31), w.member_b)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(URL, {"year": 2026, "lead": w.member_b.pk, "page": 2 if n else 1})
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert [p.code for p in r.context["page"]] == ["P006", "P005", "P004", "P003", "P002"]
    assert "page=1" in r.content.decode() and "year=2026" in r.content.decode()
    with django_assert_max_num_queries(counts[0]):
        client.get(URL, {"format": "xlsx", "year": 2026})


def _rows(content: bytes) -> list[list[Any]]:
    """The workbook's rows, its dates as dates (openpyxl reads them as naive datetimes)."""
    sheet = load_workbook(BytesIO(content)).active
    assert sheet is not None
    return [
        [c.date() if isinstance(c, dt.datetime) else c for c in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_the_list_downloads_as_excel_with_the_viewers_projects_only(pw: ProjectWorld, client: Any) -> None:
    from itisa.projects.tests.conftest import approve

    w = pw.world
    _propose(pw, '=HYPERLINK("http://evil")', dt.date(2025, 1, 1), dt.date(2025, 12, 31), w.member_b)
    approve(pw)
    client.force_login(pw.user("secretariat"))
    r = client.get(URL, {"format": "xlsx", "q": "P00"})
    assert (r.status_code, r["Content-Type"]) == (200, XLSX_CONTENT_TYPE)
    assert r["Content-Disposition"] == 'attachment; filename="CSA-projects.xlsx"'
    rows = _rows(r.content)
    assert rows == [
        ["Code", "Title", "Title (English)", "Lead member", "Starts on", "Ends on", "Status"],
        ["P002", "'=HYPERLINK(\"http://evil\")", None, "乙大学", dt.date(2025, 1, 1), dt.date(2025, 12, 31),
         "Proposed"],
        ["P001", "大功率 LED 芯片共性技术", None, "甲公司", dt.date(2026, 3, 1), dt.date(2027, 12, 31),
         "Approved"],
    ]  # fmt: skip
    # the public downloads only what it sees (the approved project)
    client.logout()
    r = client.get(URL, {"format": "xlsx"})
    assert [row[0] for row in _rows(r.content)[1:]] == ["P001"]
