"""What the public sees: a project terminated after the deciding body approved it stays public and is
shown as terminated (not hidden, not running); one terminated before approval stays hidden."""

from __future__ import annotations

from typing import Any

from itisa.projects.services import project_move
from itisa.projects.tests.conftest import ProjectWorld, make_project, run


def test_a_project_terminated_after_approval_is_public_and_shown_terminated(
    pw: ProjectWorld, client: Any
) -> None:
    s = pw.user("secretariat")
    run(pw)
    project_move(by=s, project=pw.project, to="terminated", comment="技术路线被证伪")
    never = make_project(pw.world, pw.books, title="未获批准的项目")
    project_move(by=s, project=never, to="terminated", comment="经费未落实")
    r = client.get("/api/alliances/CSA/projects")
    assert [(p["code"], p["status"]) for p in r.json()["items"]] == [("P001", "terminated")]
    r = client.get(f"/api/projects/{pw.project.pk}")
    assert (r.status_code, r.json()["status"], r.json()["budget"]) == (200, "terminated", None)
    assert client.get(f"/api/projects/{never.pk}").status_code == 404
    html = client.get("/en/alliances/CSA/projects/").content.decode()
    rows = html.split('data-testid="project-row"')[1:]
    assert len(rows) == 1
    assert "Terminated" in rows[0].split("</tr>")[0] and "Running" not in rows[0].split("</tr>")[0]
    html = client.get(f"/en/projects/{pw.project.pk}/").content.decode()
    assert "Terminated" in html and "技术路线被证伪" in html
    assert client.get(f"/en/projects/{never.pk}/").status_code == 404
    # the status filter finds it too
    r = client.get("/api/alliances/CSA/projects", {"status": "terminated"})
    assert [p["code"] for p in r.json()["items"]] == ["P001"]
