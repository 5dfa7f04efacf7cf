"""Dossier 1.5: the projects' section ``projects`` — exact export, export → import into a fresh database →
export gives the same bytes, an idempotent re-import, accounts by username, refusing an older or
conflicting record, and every problem named by its JSON path with nothing written."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from itisa.audit.models import AuditEntry
from itisa.dossier.services import dossier_dumps, dossier_export, dossier_import, dossier_validate
from itisa.projects.models import (
    Evidence,
    Milestone,
    Opinion,
    Project,
    ProjectStatusChange,
    ReviewAssignment,
    ReviewRound,
)
from itisa.projects.services import (
    evidence_add,
    expert_assign,
    milestone_done,
    opinion_submit,
    review_open,
)
from itisa.projects.tests.conftest import ProjectWorld, make_project, post_expense, run

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PDF_SHA = hashlib.sha256(PDF).hexdigest()
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def storage(settings: Any, tmp_path: Path) -> Path:
    """Evidence files go to a fresh media folder per test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def build_projects(pw: ProjectWorld, clock: Any, experts: list[Any]) -> None:
    """P001 approved by the council's ballot and running, a posted expense, its first milestone done with
    evidence, a mid-term review passed by two experts; P002 proposed."""
    s = pw.user("secretariat")
    run(pw)
    post_expense(pw, "12600.50", key="p001-1")
    clock.shift(dt.timedelta(days=20))
    evidence_add(by=s, milestone=pw.m1, name="外延片检测报告.pdf", data=PDF)
    milestone_done(by=s, milestone=pw.m1, done_on=dt.date(2026, 3, 20), note="样品送检合格")
    clock.shift(dt.timedelta(days=1))
    review = review_open(by=s, project=pw.project, kind="midterm")
    for expert, verdict in zip(experts, ("pass", "pass"), strict=True):
        assignment = expert_assign(by=s, review=review, expert=expert)
        clock.shift(dt.timedelta(hours=1))
        opinion_submit(by=expert.user, assignment=assignment, score=80, verdict=verdict, text="进展符合计划")
    make_project(pw.world, pw.books, title="智能照明控制系统")


def rows() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Project,
            ProjectStatusChange,
            Milestone,
            Evidence,
            ReviewRound,
            ReviewAssignment,
            Opinion,
        )
    )


def history(*moves: tuple[str | None, str]) -> list[dict[str, Any]]:
    return [
        {
            "at": "2026-03-02T01:00:00Z",
            "old_status": old,
            "new_status": new,
            "by": "secretariat",
            "comment": "",
        }
        for old, new in moves
    ]


PLAN = {
    "goals": [{"title_zh": "光效", "target": "≥ 200 lm/W", "agreement_goal": ""}],
    "participants": [
        {"organisation": "914403001922038216", "task_zh": "外延与芯片工艺", "money": "1200000.00",
         "people_months": "36.5"},
        {"organisation": "12100000400000624D", "task_zh": "可靠性测试", "money": "300000.00",
         "people_months": "12.0"},
    ],
    "funding": [
        {"kind": "government_grant", "fund": "国家重点研发计划课题经费", "amount": "3000000.00",
         "organisation": None},
    ],
}  # fmt: skip


def opinion(at: str) -> dict[str, Any]:
    return {"score": 80, "verdict": "pass", "text": "进展符合计划", "submitted_at": at}


P001 = {
    "code": "P001", "title_zh": "大功率 LED 芯片共性技术", "title_en": "", "summary_zh": "",
    "starts_on": "2026-03-01", "ends_on": "2027-12-31", "lead": "914403001922038216", "status": "running",
    "agreement": None, "motion": {"body": "理事会", "number": 1}, "is_demo": False,
    "status_history": history((None, "proposed"), ("proposed", "voting"), ("voting", "approved"),
                              ("approved", "running")),
    **PLAN,
    "milestones": [
        {"kind": "milestone", "title_zh": "外延片样品", "starts_on": "2026-03-01", "due_on": "2026-06-30",
         "status": "done", "done_on": "2026-03-20", "note": "样品送检合格",
         "evidence": [{"original_name": "外延片检测报告.pdf", "content_type": "application/pdf", "size": len(PDF),
                       "sha256": PDF_SHA, "uploaded_by": "secretariat", "uploaded_at": "2026-03-22T01:00:00Z",
                       "content": base64.b64encode(PDF).decode()}]},
        {"kind": "deliverable", "title_zh": "验收报告", "starts_on": "2027-07-01", "due_on": "2027-12-31",
         "status": "pending", "done_on": None, "note": "", "evidence": []},
    ],
    "reviews": [
        {"kind": "midterm", "opened_by": "secretariat", "opened_at": "2026-03-23T01:00:00Z", "passed": True,
         "assignments": [
             {"expert": {"name": "钱专家", "organisation": "91110108T00000044Y", "specialities": ""},
              "assigned_by": "secretariat", "assigned_at": "2026-03-23T01:00:00Z",
              "opinion": opinion("2026-03-23T02:00:00Z")},
             {"expert": {"name": "孙专家", "organisation": "91110108T00000052R", "specialities": ""},
              "assigned_by": "secretariat", "assigned_at": "2026-03-23T02:00:00Z",
              "opinion": opinion("2026-03-23T03:00:00Z")},
         ]},
    ],
}  # fmt: skip


def test_export_of_the_projects_has_exact_content(
    pw: ProjectWorld, clock: Any, expert_pool: Any, storage: Any
) -> None:
    build_projects(pw, clock, expert_pool)
    data = dossier_export(pw.world.csa)
    assert data["version"] == "1.6"
    assert data["projects"] == [
        P001,
        {
            "code": "P002", "title_zh": "智能照明控制系统", "title_en": "", "summary_zh": "",
            "starts_on": "2026-03-01", "ends_on": "2027-12-31", "lead": "914403001922038216",
            "status": "proposed", "agreement": None, "motion": None, "is_demo": False,
            "status_history": [{"at": "2026-03-23T03:00:00Z", "old_status": None, "new_status": "proposed",
                                "by": "secretariat", "comment": ""}],
            **PLAN, "milestones": [], "reviews": [],
        },
    ]  # fmt: skip
    # the experts' organisations travel, though they are not members
    assert {"91110108T00000044Y", "91110108T00000052R"} <= {o["uscc"] for o in data["organisations"]}
    assert dossier_validate(data) == []


def _manage(tmp_path: Path, database: str, *args: str) -> str:
    env = {**os.environ, "ITISA_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / database}",
           "LANGUAGE": "en"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_export_import_into_a_fresh_database_export_is_byte_identical(
    pw: ProjectWorld, clock: Any, expert_pool: Any, storage: Any, tmp_path: Path, migrated_sqlite: Path
) -> None:
    """From the database the services wrote to, through ``manage.py`` into a second one with no accounts
    (the chart of accounts loaded, as the book needs), and back: the same bytes, the evidence stored
    again, the projects' cost objects opened in the book, and a second import changes nothing."""
    build_projects(pw, clock, expert_pool)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    exported = dossier_export(pw.world.csa)
    a.write_bytes(dossier_dumps(exported))
    shutil.copy(migrated_sqlite, tmp_path / "b.sqlite3")
    chart = str(ROOT / "itisa" / "ledger" / "data" / "npo-chart-2004.csv")
    _manage(tmp_path, "b.sqlite3", "ledger", "chart-load", chart, "--code", "npo-2004", "--name", "民非2004")
    out = _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    assert [line for line in out.splitlines() if line.startswith("project")] == [
        "project：新建 2 条，更新 0 条，未变 0 条",
        "project_milestone：新建 2 条，更新 0 条，未变 0 条",
        "project_evidence：新建 1 条，更新 0 条，未变 0 条",
        "project_expert：新建 2 条，更新 0 条，未变 0 条",
        "project_review：新建 1 条，更新 0 条，未变 0 条",
        "project_assignment：新建 2 条，更新 0 条，未变 0 条",
        "project_opinion：新建 2 条，更新 0 条，未变 0 条",
    ]
    _manage(tmp_path, "b.sqlite3", "dossier", "export", "CSA", "--output", str(b))
    # the fund supervisor is a role of an account, which an import never grants (docs/dossier.md, "Funds")
    assert b.read_bytes() == dossier_dumps({**exported, "funds": {**exported["funds"], "supervisors": []}})
    stored = sorted((tmp_path / "media" / "projects").rglob("*.pdf"))  # ITISA_VAR_DIR/media
    assert [f.read_bytes() for f in stored] == [PDF]
    budget = json.loads(_manage(tmp_path, "b.sqlite3", "project", "budget", "CSA/P001", "--json"))
    assert budget["rows"] == [
        {"fund": "国家重点研发计划课题经费", "kind": "政府计划拨款", "budget": "3000000.00", "spent": "0",
         "remaining": "3000000.00"}
    ]  # fmt: skip
    again = _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    assert [line for line in again.splitlines() if line.startswith("project")] == [
        "project：新建 0 条，更新 0 条，未变 2 条",
        "project_milestone：新建 0 条，更新 0 条，未变 2 条",
        "project_evidence：新建 0 条，更新 0 条，未变 1 条",
        "project_expert：新建 0 条，更新 0 条，未变 2 条",
        "project_review：新建 0 条，更新 0 条，未变 1 条",
        "project_assignment：新建 0 条，更新 0 条，未变 2 条",
        "project_opinion：新建 0 条，更新 0 条，未变 2 条",
    ]


def test_a_second_import_of_the_record_here_changes_nothing(
    pw: ProjectWorld, clock: Any, expert_pool: Any, storage: Any
) -> None:
    build_projects(pw, clock, expert_pool)
    data = dossier_export(pw.world.csa)
    before, entries = rows(), AuditEntry.objects.count()
    result = dossier_import(data)
    assert result.problems == []
    assert {k: v for k, v in result.unchanged.items() if k.startswith("project")} == {
        "project": 2, "project_milestone": 2, "project_evidence": 1, "project_expert": 2, "project_review": 1,
        "project_assignment": 2, "project_opinion": 2,
    }  # fmt: skip
    assert sum(result.created.values()) + sum(result.updated.values()) == 0
    assert (rows(), AuditEntry.objects.count()) == (before, entries)


def _older(data: dict[str, Any]) -> None:
    project = data["projects"][0]
    project["status"] = "approved"
    del project["status_history"][3]


def _other_money(data: dict[str, Any]) -> None:
    data["projects"][0]["participants"][1]["money"] = "300000.01"


def _other_opinion(data: dict[str, Any]) -> None:
    data["projects"][0]["reviews"][0]["assignments"][0]["opinion"]["score"] = 81


def _milestone_back(data: dict[str, Any]) -> None:
    milestone = data["projects"][0]["milestones"][0]
    milestone.update(status="pending", done_on=None)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_older, "$.projects[0].status: The dossier is older than the record here or conflicts with it: "
                 "the project P001 is running here."),
        (_other_money, "$.projects[0].participants[1]: This part of the project is recorded otherwise here."),
        (_other_opinion, "$.projects[0].reviews[0].assignments[0].opinion: The opinion of 钱专家 differs from "
                         "the one recorded here."),
        (_milestone_back, "$.projects[0].milestones[0].status: The dossier is older than the record here or "
                          "conflicts with it: the milestone 外延片样品 is done here."),
    ],
)  # fmt: skip
def test_an_older_or_conflicting_dossier_is_refused_and_writes_nothing(
    pw: ProjectWorld, clock: Any, expert_pool: Any, storage: Any, change: Any, problem: str
) -> None:
    build_projects(pw, clock, expert_pool)
    data = dossier_export(pw.world.csa)
    change(data)
    assert dossier_validate(data) == []
    before, entries = rows(), AuditEntry.objects.count()
    assert [str(p) for p in dossier_import(data).problems] == [problem]
    assert (rows(), AuditEntry.objects.count()) == (before, entries)


P = ("projects", 0)


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def _dup_project(data: dict[str, Any]) -> None:
    data["projects"].append(copy.deepcopy(data["projects"][0]))


def _drop_lead_participant(data: dict[str, Any]) -> None:
    del data["projects"][0]["participants"][0]


def _own_funds_without_member(data: dict[str, Any]) -> None:
    data["projects"][0]["funding"].append(
        {"kind": "own_funds", "fund": "会费", "amount": "100.00", "organisation": None}
    )


def _evidence(key: str, value: Any) -> Any:
    return _set((*P, "milestones", 0, "evidence", 0, key), value)


def _broken_history(data: dict[str, Any]) -> None:
    del data["projects"][0]["status_history"][1]


CASES = [
    (_dup_project, ["$.projects[2].code: The project P001 appears twice."]),
    (_drop_lead_participant, ["$.projects[0].lead: The lead member is one of the participants."]),
    (_set((*P, "funding", 0, "fund"), "别的经费"), ["$.projects[0].funding[0].fund: The fund 别的经费 is not among the funds."]),
    (_own_funds_without_member, ["$.projects[0].funding[1].organisation: Members' own funds name the member."]),
    (_set((*P, "funding", 0, "amount"), "3e6"),
     ["$.projects[0].funding[0].amount: String should match pattern '^[0-9]{1,14}\\.[0-9]{2}$'"]),
    (_set((*P, "participants", 1, "money"), 300000.0),
     ["$.projects[0].participants[1].money: Input should be a valid string"]),
    (_set((*P, "starts_on"), "2026-02-30"),
     ["$.projects[0].starts_on: Input should be a valid date in the format YYYY-MM-DD, day value is outside expected range"]),
    (_set((*P, "colour"), "blue"), ["$.projects[0].colour: Extra inputs are not permitted"]),
    (_set((*P, "motion"), {"body": "理事会", "number": 9}), ["$.projects[0].motion: No motion 9 of 理事会 in the dossier."]),
    (_set((*P, "milestones", 1, "due_on"), "2028-01-31"),
     ["$.projects[0].milestones[1].due_on: A milestone lies within the project's period."]),
    (_set((*P, "milestones", 0, "done_on"), None),
     ["$.projects[0].milestones[0].done_on: A milestone done, and only one, gives the day it was done."]),
    (_evidence("sha256", "0" * 64), [f"$.projects[0].milestones[0].evidence[0].sha256: The SHA-256 of the content is {PDF_SHA}."]),
    (_evidence("size", 70), ["$.projects[0].milestones[0].evidence[0].size: The content has 69 bytes, not 70."]),
    (_evidence("content", "not base64!"), ["$.projects[0].milestones[0].evidence[0].content: The content is not valid base64."]),
    (_evidence("content_type", "image/png"),
     ["$.projects[0].milestones[0].evidence[0].content_type: The content is of the type application/pdf."]),
    (_broken_history, ["$.projects[0].status_history[1]: This status change does not follow the one before it (proposed)."]),
    (_set((*P, "status_history", 3, "new_status"), "closed"),
     ["$.projects[0].status_history[3]: A project cannot move from approved to closed.",
      "$.projects[0].status: The status differs from the last status change (closed)."]),
    (_set((*P, "reviews", 0, "passed"), False), ["$.projects[0].reviews[0].passed: 2 of 2 experts passed the project."]),
    (_set((*P, "reviews", 0, "assignments", 0, "expert", "organisation"), "12100000400000624D"),
     ["$.projects[0].reviews[0].assignments[0].expert: 钱专家 has a conflict of interest: the expert's organisation "
      "12100000400000624D takes part in the project."]),
    (_set(("version",), "1.4"), ["$.projects: Projects are carried from version 1.5 on.",
                                 "$.results: Results are carried from version 1.5 on.",
                                 "$.background_ip: Background IP declarations are carried from version 1.5 on.",
             "$.diffusion: Diffusion records are carried from version 1.6 on.",
             "$.standards: Standards are carried from version 1.6 on.",
             "$.platforms: Shared platforms are carried from version 1.6 on.",
             "$.talent: Training and exchanges are carried from version 1.6 on.",
             "$.financing: Financing are carried from version 1.6 on."]),
]  # fmt: skip


@pytest.mark.parametrize(("change", "problems"), CASES)
def test_each_problem_is_named_by_its_path_and_nothing_is_written(
    pw: ProjectWorld, clock: Any, expert_pool: Any, storage: Any, change: Any, problems: list[str]
) -> None:
    build_projects(pw, clock, expert_pool)
    data = dossier_export(pw.world.csa)
    change(data)
    assert [str(p) for p in dossier_validate(data)] == problems
    before, entries = rows(), AuditEntry.objects.count()
    assert [str(p) for p in dossier_import(data).problems] == problems
    assert (rows(), AuditEntry.objects.count()) == (before, entries)


def test_a_key_given_twice_in_a_project_is_refused_with_its_path(
    pw: ProjectWorld, clock: Any, expert_pool: Any, storage: Any, tmp_path: Path
) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.utils import translation

    build_projects(pw, clock, expert_pool)
    text = dossier_dumps(dossier_export(pw.world.csa)).decode()
    text = text.replace('"code": "P001",', '"code": "P001", "code": "P009",', 1)
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    before, entries = rows(), AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("dossier", "import", str(path), stdout=StringIO(), stderr=StringIO())
    assert str(refused.value) == (
        f'{path} is refused at $.projects[0].code: The key "code" appears more than once in the same object.'
    )
    assert (rows(), AuditEntry.objects.count()) == (before, entries)
