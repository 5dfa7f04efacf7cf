"""Projects through the API (end to end, one error shape, scoped), the command line (--json) and the
pages (what the public sees; query counts that do not grow with projects or milestones)."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from itisa.audit.models import AuditEntry
from itisa.projects.models import Project
from itisa.projects.services import MilestoneInput, milestone_add
from itisa.projects.tests.conftest import START, ProjectWorld, approve, make_project, post_expense, run


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_from_proposal_to_approval_with_budget(pw: ProjectWorld, client: Any) -> None:
    w = pw.world
    client.force_login(w.user("secretariat"))
    r = _post(client, "/api/alliances/CSA/projects", {
        "title_zh": "驱动电源", "starts_on": "2026-04-01", "ends_on": "2027-03-31", "lead": w.member_b.pk,
        "lead_task_zh": "电源拓扑", "lead_money": "500000.00", "lead_people_months": "10.5",
    })  # fmt: skip
    assert r.status_code == 201, r.content
    doc = r.json()
    pid = doc["id"]
    assert (doc["code"], doc["status"], doc["lead"], doc["participants"][0]["money"]) == (
        "P002",
        "proposed",
        w.member_b.uscc,
        "500000.00",
    )
    r = _post(client, f"/api/projects/{pid}/goals", {"title_zh": "效率", "target": "≥ 95 %"})
    assert (r.status_code, r.json()["goals"]) == (
        201,
        [{"title_zh": "效率", "target": "≥ 95 %", "agreement_goal": ""}],
    )
    r = _post(
        client,
        f"/api/projects/{pid}/funding",
        {"kind": "government_grant", "fund": pw.books.dues.pk, "amount": "10.00"},
    )
    assert (r.status_code, r.json()["fields"]) == (
        422,
        {"fund": ["A government plan grant is booked to a government grant fund."]},
    )
    r = _post(client, f"/api/projects/{pid}/funding", {"kind": "own_funds", "fund": pw.books.dues.pk, "amount": 10.5,
                                                       "organisation": w.member_b.pk})  # fmt: skip
    assert r.status_code == 422
    r = _post(
        client,
        f"/api/projects/{pid}/milestones",
        {"title_zh": "样机", "starts_on": "2026-04-01", "due_on": "2028-01-01"},
    )
    assert (r.status_code, r.json()["fields"]) == (
        422,
        {"due_on": ["A milestone lies within the project's period."]},
    )
    r = _post(
        client,
        f"/api/projects/{pid}/vote",
        {"body": pw.council.body.pk, "deadline": "2026-03-09T09:00:00+08:00"},
    )
    assert (r.status_code, r.json()["status"]) == (200, "voting")
    r = _post(client, f"/api/projects/{pid}/move", {"to": "running"})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")
    r = client.get(f"/api/projects/{pw.project.pk}/budget")
    assert r.json()["budget"] == "3000000.00"


def test_the_api_refuses_other_alliances_and_hides_proposed_projects_from_the_public(
    pw: ProjectWorld, client: Any
) -> None:
    before = (Project.objects.count(), AuditEntry.objects.count())
    r = client.get("/api/alliances/CSA/projects")
    assert (r.status_code, r.json()["items"]) == (200, [])
    assert client.get(f"/api/projects/{pw.project.pk}").status_code == 404
    client.force_login(pw.user("provincial_officer"))
    r = _post(client, "/api/alliances/CSA/projects", {"title_zh": "x", "starts_on": "2026-04-01", "ends_on": "2027-03-31",
                                                      "lead": pw.world.member_a.pk, "lead_task_zh": "t"})  # fmt: skip
    assert r.status_code in (403, 404)
    assert (
        _post(client, f"/api/projects/{pw.project.pk}/goals", {"title_zh": "x", "target": "y"}).status_code
        == 404
    )
    assert (Project.objects.count(), AuditEntry.objects.count()) == before
    approve(pw)
    client.logout()
    doc = client.get(f"/api/projects/{pw.project.pk}").json()
    assert (doc["status"], doc["funding"], doc["budget"], doc["participants"][0]["money"]) == (
        "approved",
        [],
        None,
        None,
    )
    assert [p["code"] for p in client.get("/api/alliances/CSA/projects").json()["items"]] == ["P001"]
    assert client.get(f"/api/projects/{pw.project.pk}/budget").status_code == 401


def test_the_command_line_lists_and_shows_budget_as_json(pw: ProjectWorld) -> None:
    run(pw)
    post_expense(pw, "2500.00", key="a")
    out = StringIO()
    call_command("project", "list", "CSA", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{
        "code": "P001", "title_zh": "大功率 LED 芯片共性技术", "lead": "甲公司", "starts_on": "2026-03-01",
        "ends_on": "2027-12-31", "status": "running",
    }]  # fmt: skip
    out = StringIO()
    call_command("project", "budget", "CSA/P001", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert (doc["budget"], doc["spent"], doc["remaining"], doc["by_class"]["asset"]) == (
        "3000000.00",
        "2500.00",
        "2997500.00",
        "-2500.00",
    )
    out = StringIO()
    call_command("project", "show", "CSA/P001", "--json", stdout=out)
    assert [m["status"] for m in json.loads(out.getvalue())["milestones"]] == ["pending", "pending"]


def _grow(pw: ProjectWorld, n: int) -> None:
    s = pw.user("secretariat")
    for i in range(n):
        p = make_project(pw.world, pw.books, title=f"项目{i}")
        milestone_add(
            by=s,
            project=p,
            data=MilestoneInput(title_zh=f"里程碑{i}", starts_on=START, due_on=dt.date(2026, 9, 1)),
        )
    for i in range(n):
        milestone_add(by=s, project=pw.project,
                      data=MilestoneInput(title_zh=f"追加{i}", starts_on=START, due_on=dt.date(2026, 9, 1)))  # fmt: skip


# each page settles the withdrawn-motion clock first (one query); the list reads its lead-member filter (one)
EXPECTED_QUERIES = {"secretariat": [9, 23], "anonymous": [5, 10]}


@pytest.mark.parametrize("persona", ["secretariat", "anonymous"])
def test_page_queries_do_not_grow_with_projects_or_milestones(
    pw: ProjectWorld, client: Any, persona: str, django_assert_max_num_queries: Any
) -> None:
    approve(pw)
    if persona != "anonymous":
        client.force_login(pw.user(persona))
    counts = []
    for extra in (0, 6):
        _grow(pw, extra)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        pages = []
        for url in ("/en/alliances/CSA/projects/", f"/en/projects/{pw.project.pk}/"):
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
            pages.append(len(ctx.captured_queries))
        counts.append(pages)
    # list page and project page: the same with 1 or 7 projects, 2 or 8 milestones
    assert counts == [EXPECTED_QUERIES[persona]] * 2
    with django_assert_max_num_queries(EXPECTED_QUERIES[persona][1]):
        client.get(f"/en/projects/{pw.project.pk}/")


def test_the_project_page_shows_the_gantt_and_budget_to_insiders_only(pw: ProjectWorld, client: Any) -> None:
    run(pw)
    post_expense(pw, "1000.00", key="a")
    client.force_login(pw.user("fund_supervisor"))
    html = client.get(f"/en/projects/{pw.project.pk}/").content.decode()
    assert html.count('data-testid="gantt-row"') == 2
    # a budget in yuan in English, in 万元 in Chinese
    assert (
        "itisa-w-0" in html
        and 'data-testid="spent-total"><span class="text-nowrap">¥1,000.00</span><' in html
    )
    zh = client.get(f"/projects/{pw.project.pk}/").content.decode()
    assert 'data-testid="spent-total"><span class="text-nowrap">0.10万元</span><' in zh
    client.logout()
    html = client.get(f"/en/projects/{pw.project.pk}/").content.decode()
    assert html.count('data-testid="gantt-row"') == 2
    assert 'data-testid="budget-table"' not in html and "1,200,000.00" not in html
    client.force_login(pw.user("outsider"))
    r = client.post(f"/en/projects/{pw.project.pk}/", {"action": "goal", "title_zh": "x", "target": "y"})
    assert r.status_code == 403


def test_the_history_names_the_people_who_moved_the_project_not_their_accounts(
    pw: ProjectWorld, client: Any
) -> None:
    """Status history lines show the person (display name), marked as a Chinese name on English pages;
    moves the system made read "System" (issue 21: accounts appeared where people's names belong)."""
    secretariat = pw.user("secretariat")
    secretariat.display_name = "王敏"
    secretariat.save(update_fields=["display_name"])
    run(pw)
    client.force_login(secretariat)
    zh = client.get(f"/projects/{pw.project.pk}/").content.decode()
    block = re.search(r'data-testid="project-history">(.*?)</ul>', zh, re.S)
    assert block is not None
    lines = re.findall(r"<li>(.*?)</li>", block.group(1), re.S)
    running = [line for line in lines if "执行中" in line]
    assert len(running) == 1 and "王敏" in running[0]
    assert ">secretariat<" not in block.group(1) and " secretariat " not in block.group(1)
    en = client.get(f"/en/projects/{pw.project.pk}/").content.decode()
    block_en = re.search(r'data-testid="project-history">(.*?)</ul>', en, re.S)
    assert block_en is not None
    assert '<span lang="zh-Hans">王敏</span>' in block_en.group(1)
