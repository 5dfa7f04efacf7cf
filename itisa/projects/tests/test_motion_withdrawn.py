"""A motion to approve a project that is withdrawn sends the project back to proposed. Governance's
``motion_withdraw`` sends no signal, so the projects app settles it by a clock
(``projects.project.motion_withdrawn``): on the next read of the project (page, API, list) or the worker's
tick, whichever comes first, acting as the system, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.governance.services import motion_withdraw
from itisa.projects.models import Project, ProjectStatusChange
from itisa.projects.selectors import WITHDRAWN_CLOCK
from itisa.projects.services import project_put_to_vote
from itisa.projects.tests.conftest import NOW, ProjectWorld

COMMENT = "审议该项目的议案已撤回：申报材料需补充"


def _put(pw: ProjectWorld) -> Project:
    return project_put_to_vote(
        by=pw.user("secretariat"),
        project=pw.project,
        body=pw.council.body,
        deadline=NOW + dt.timedelta(days=7),
    )


def _moves() -> list[tuple[Any, ...]]:
    return list(
        ProjectStatusChange.objects.order_by("pk").values_list("old_status", "new_status", "by_id", "comment")
    )


def test_a_withdrawn_motion_sends_the_project_back_to_proposed_by_the_clock(pw: ProjectWorld) -> None:
    project = _put(pw)
    assert clocks.run_due(codes=[WITHDRAWN_CLOCK])[WITHDRAWN_CLOCK].as_dict() == {
        "due": 0, "fired": 0, "settled": 0, "failed": 0,
    }  # fmt: skip
    motion_withdraw(by=pw.user("secretariat"), motion=project.motion, reason="申报材料需补充")
    counts = clocks.run_due(codes=[WITHDRAWN_CLOCK])[WITHDRAWN_CLOCK].as_dict()
    assert counts == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    project.refresh_from_db()
    assert (project.status, project.motion_id) == ("proposed", project.motion.pk)
    assert _moves()[-1] == ("voting", "proposed", None, COMMENT)
    entry = AuditEntry.objects.filter(action="projects.project.moved").order_by("-pk").first()
    assert entry is not None
    assert (entry.actor_id, entry.data["from"], entry.data["to"], entry.data["motion"]) == (
        None, "voting", "proposed", project.motion.pk,
    )  # fmt: skip
    before = (_moves(), AuditEntry.objects.count())
    assert clocks.run_due(codes=[WITHDRAWN_CLOCK])[WITHDRAWN_CLOCK].as_dict()["fired"] == 0
    assert (_moves(), AuditEntry.objects.count()) == before
    # put again to the body after revising: a new motion
    again = _put(pw)
    assert (again.status, again.motion_id != project.motion_id) == ("voting", True)


def test_the_project_page_and_the_api_settle_it_without_a_worker(pw: ProjectWorld, client: Any) -> None:
    project = _put(pw)
    motion_withdraw(by=pw.user("secretariat"), motion=project.motion, reason="申报材料需补充")
    client.force_login(pw.user("secretariat"))
    r = client.get(f"/api/projects/{project.pk}")
    assert (r.status_code, r.json()["status"]) == (200, "proposed")
    assert _moves()[-1] == ("voting", "proposed", None, COMMENT)


def test_the_list_settles_it_too(pw: ProjectWorld, client: Any) -> None:
    project = _put(pw)
    motion_withdraw(by=pw.user("secretariat"), motion=project.motion, reason="申报材料需补充")
    client.force_login(pw.user("secretariat"))
    r = client.get("/api/alliances/CSA/projects")
    assert [(p["code"], p["status"]) for p in r.json()["items"]] == [("P001", "proposed")]
