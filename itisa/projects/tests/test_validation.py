"""Bad input to the project services is refused with the fields named (422 in the API, a form error on
the pages), never a 500, and nothing is written: over-long texts, bad dates, unknown kinds, scores
outside 0–100."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError
from itisa.projects.models import FundingSource, Goal, Milestone, Opinion, Participant, Project
from itisa.projects.services import (
    GoalInput,
    MilestoneInput,
    ParticipantInput,
    ProjectInput,
    goal_add,
    milestone_add,
    participant_add,
    project_create,
)
from itisa.projects.tests.conftest import END, START, ProjectWorld, run


def _state() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        Goal.objects.count(),
        Participant.objects.count(),
        FundingSource.objects.count(),
        Milestone.objects.count(),
        Opinion.objects.count(),
        AuditEntry.objects.count(),
    )


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_services_refuse_over_long_texts_with_the_field_named(pw: ProjectWorld) -> None:
    s = pw.user("secretariat")
    before = _state()
    with pytest.raises(DomainError) as exc:
        project_create(by=s, alliance=pw.world.csa, data=ProjectInput(
            title_zh="长" * 201, title_en="x" * 301, starts_on=START, ends_on=END, lead=pw.world.member_a.pk,
            lead_task_zh="任务",
        ))  # fmt: skip
    assert exc.value.fields == {
        "title_zh": ["Ensure this value has at most 200 characters (it has 201)."],
        "title_en": ["Ensure this value has at most 300 characters (it has 301)."],
    }
    with pytest.raises(DomainError) as exc:
        goal_add(by=s, project=pw.project, data=GoalInput(title_zh="目" * 201, target="t" * 301))
    assert exc.value.fields == {
        "title_zh": ["Ensure this value has at most 200 characters (it has 201)."],
        "target": ["Ensure this value has at most 300 characters (it has 301)."],
    }
    with pytest.raises(DomainError) as exc:
        milestone_add(by=s, project=pw.project, data=MilestoneInput(
            title_zh="里" * 201, starts_on=START, due_on=END,
        ))  # fmt: skip
    assert exc.value.fields == {"title_zh": ["Ensure this value has at most 200 characters (it has 201)."]}
    with pytest.raises(DomainError) as exc:
        milestone_add(by=s, project=pw.project, data=MilestoneInput(
            kind="phase", title_zh="样机", starts_on=START, due_on=END,
        ))  # fmt: skip
    assert exc.value.fields == {"kind": ["Choose a valid option."]}
    with pytest.raises(DomainError) as exc:
        participant_add(by=s, project=pw.project, data=ParticipantInput(
            organisation=pw.world.member_a.pk, task_zh="重复",
        ))  # fmt: skip
    assert exc.value.fields == {"organisation": ["Already a participant."]}
    assert _state() == before


def test_the_api_answers_422_for_over_long_texts_bad_dates_kinds_and_scores(
    pw: ProjectWorld, client: Any, expert_pool: Any
) -> None:
    from itisa.projects.services import expert_assign, review_open

    s = pw.user("secretariat")
    client.force_login(s)
    before = _state()
    base = {"title_zh": "驱动电源", "starts_on": "2026-04-01", "ends_on": "2027-03-31",
            "lead": pw.world.member_b.pk, "lead_task_zh": "电源拓扑"}  # fmt: skip
    cases = [
        ("/api/alliances/CSA/projects", {**base, "title_zh": "长" * 201}, "title_zh"),
        ("/api/alliances/CSA/projects", {**base, "ends_on": "2026-02-30"}, "ends_on"),
        ("/api/alliances/CSA/projects", {**base, "starts_on": "1800-01-01"}, "starts_on"),
        ("/api/alliances/CSA/projects", {**base, "ends_on": "2026-01-01"}, "ends_on"),
        (f"/api/projects/{pw.project.pk}/goals", {"title_zh": "目" * 201, "target": "t"}, "title_zh"),
        (f"/api/projects/{pw.project.pk}/milestones",
         {"title_zh": "里" * 201, "starts_on": "2026-04-01", "due_on": "2026-05-01"}, "title_zh"),
        (f"/api/projects/{pw.project.pk}/milestones",
         {"kind": "phase", "title_zh": "样机", "starts_on": "2026-04-01", "due_on": "2026-05-01"}, "kind"),
        (f"/api/projects/{pw.project.pk}/funding",
         {"kind": "gift", "fund": pw.books.grant.pk, "amount": "10.00"}, "kind"),
        (f"/api/projects/{pw.project.pk}/reviews", {"kind": "final"}, "kind"),
    ]  # fmt: skip
    for url, payload, field in cases:
        r = _post(client, url, payload)
        assert r.status_code == 422, (url, payload, r.content)
        assert field in json.dumps(r.json()), (url, r.json())
    assert _state() == before
    run(pw)
    review = review_open(by=s, project=pw.project, kind="midterm")
    a = expert_assign(by=s, review=review, expert=expert_pool[0])
    client.force_login(expert_pool[0].user)
    before = _state()
    for score in (101, -1, "80.5"):
        r = _post(client, f"/api/projects/assignments/{a.pk}/opinion",
                  {"score": score, "verdict": "pass", "text": "好"})  # fmt: skip
        assert r.status_code == 422, (score, r.content)
    r = _post(
        client, f"/api/projects/assignments/{a.pk}/opinion", {"score": 80, "verdict": "maybe", "text": "好"}
    )
    assert (r.status_code, r.json()["fields"]) == (422, {"verdict": ["Choose a valid option."]})
    assert _state() == before


def test_pages_show_a_form_error_for_bad_input_never_a_500(pw: ProjectWorld, client: Any) -> None:
    client.force_login(pw.user("secretariat"))
    before = _state()
    url = f"/en/projects/{pw.project.pk}/"
    r = client.post(url, {"action": "milestone", "kind": "milestone", "title_zh": "样机",
                          "starts_on": "2026-04-01", "due_on": "2030-01-01"})  # fmt: skip
    assert r.status_code == 200
    assert r.context["forms"]["milestone"].errors == {
        "due_on": ["A milestone lies within the project's period."]
    }
    r = client.post(url, {"action": "goal", "title_zh": "目" * 201, "target": "t"})
    assert r.status_code == 200
    assert r.context["forms"]["goal"].errors == {
        "title_zh": ["Ensure this value has at most 200 characters (it has 201)."]
    }
    r = client.post("/en/alliances/CSA/projects/new/", {
        "title_zh": "x", "starts_on": "2026-05-01", "ends_on": "2026-04-01", "lead": pw.world.member_a.pk,
        "lead_task_zh": "t",
    })  # fmt: skip
    assert r.status_code == 200
    assert r.context["form"].errors == {"ends_on": ["The project ends before it starts."]}
    assert _state() == before
    assert dt.date(2026, 3, 1) == START


def test_the_api_list_refuses_an_unknown_status_or_year(pw: ProjectWorld, client: Any) -> None:
    client.force_login(pw.user("secretariat"))
    for params in ({"status": "archived"}, {"year": "1800"}, {"lead": "0"}):
        r = client.get("/api/alliances/CSA/projects", params, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 422, (params, r.content)
    r = client.get("/api/alliances/CSA/projects", {"status": "proposed", "year": "2026"})
    assert [p["code"] for p in r.json()["items"]] == ["P001"]
