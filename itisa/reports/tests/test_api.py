"""The annual report API: rounds, the scoped list, one report with its frozen table, draft, submit,
return and accept; refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.reports.models import AnnualReport
from itisa.reports.tests.conftest import PARTS, RW


def _as(client: Any, rw: RW, persona: str) -> Any:
    client.force_login(rw.user(persona))
    return client


def test_the_report_through_the_api(rw: RW, client: Any) -> None:
    c = _as(client, rw, "secretariat")
    saved = c.put("/api/alliances/CSA/reports/2025", PARTS, content_type="application/json")
    assert (saved.status_code, saved.json()["plan_zh"], saved.json()["submission"]) == (
        200,
        PARTS["plan_zh"],
        None,
    )
    submitted = c.post("/api/alliances/CSA/reports/2025/submit")
    body = submitted.json()
    assert (submitted.status_code, body["status"], body["submission"]["number"]) == (200, "submitted", 1)
    assert body["submission"]["indicators"] == [
        {"code": "test.members", "value": "2.00", "source": "system", "evidence": ""}
    ]
    assert len(body["submission"]["sha256"]) == 64
    c = _as(client, rw, "national_officer")
    returned = c.post(
        "/api/alliances/CSA/reports/2025/return", {"reason": "请补充。"}, content_type="application/json"
    )
    assert (returned.status_code, returned.json()["status"]) == (200, "returned")
    c = _as(client, rw, "secretariat")
    assert c.post("/api/alliances/CSA/reports/2025/submit").json()["submission"]["number"] == 2
    c = _as(client, rw, "national_officer")
    assert c.post("/api/alliances/CSA/reports/2025/accept").json()["status"] == "accepted"
    page = c.get("/api/reports", {"year": 2025}).json()
    assert [(r["alliance"], r["status"]) for r in page["items"]] == [("CSA", "accepted"), ("SDC", "draft")]
    assert page["next_cursor"] is None
    # a page at a time (the project's cursor pagination): one row, then the next after the cursor
    first = c.get("/api/reports", {"year": 2025, "limit": 1}).json()
    assert [r["alliance"] for r in first["items"]] == ["CSA"]
    second = c.get("/api/reports", {"year": 2025, "limit": 1, "cursor": first["next_cursor"]}).json()
    assert [r["alliance"] for r in second["items"]] == ["SDC"]
    assert second["next_cursor"] is None
    rounds = c.get("/api/reports/rounds").json()
    assert [(r["year"], r["total"], r["counts"]["accepted"], r["counts"]["draft"]) for r in rounds] == [
        (2025, 2, 1, 1)
    ]


def test_rounds_through_the_api(rw: RW, client: Any) -> None:
    c = _as(client, rw, "national_officer")
    made = c.post(
        "/api/reports/rounds", {"year": 2024, "deadline": "2025-03-31"}, content_type="application/json"
    )
    assert (made.status_code, made.json()["deadline"], made.json()["total"]) == (201, "2025-03-31", 2)
    again = c.post("/api/reports/rounds", {"year": 2024}, content_type="application/json")
    assert (again.status_code, again.json()["fields"]) == (
        422,
        {"year": ["该年度的报告轮次已开启。"]},
    )


@pytest.mark.parametrize(
    ("persona", "method", "path", "status"),
    [
        ("council_member", "put", "/api/alliances/CSA/reports/2025", 403),
        ("national_officer", "post", "/api/alliances/CSA/reports/2025/submit", 403),
        ("secretariat", "post", "/api/alliances/CSA/reports/2025/accept", 403),
        ("provincial_officer", "get", "/api/alliances/CSA/reports/2025", 404),
        ("provincial_officer", "post", "/api/reports/rounds", 403),
        ("secretariat", "get", "/api/reports", 403),
        ("national_officer", "post", "/api/alliances/CSA/reports/2025/accept", 409),
    ],
)
def test_refusals_change_nothing(
    rw: RW, client: Any, persona: str, method: str, path: str, status: int
) -> None:
    before = (AuditEntry.objects.count(), list(AnnualReport.objects.values_list("status", "main_work_zh")))
    answer = getattr(_as(client, rw, persona), method)(
        path, {"year": 2024, **PARTS}, content_type="application/json"
    )
    assert answer.status_code == status
    assert (
        AuditEntry.objects.count(),
        list(AnnualReport.objects.values_list("status", "main_work_zh")),
    ) == before


def test_the_provincial_officer_lists_what_it_follows(rw: RW, client: Any) -> None:
    rows = _as(client, rw, "provincial_officer").get("/api/reports").json()["items"]
    assert [r["alliance"] for r in rows] == ["SDC"]
    assert client.get("/api/alliances/SDC/reports/2025").status_code == 200
