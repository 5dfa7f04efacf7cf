"""A project a dossier brings in as ended (terminated, or closed after acceptance) closes its cost object
in the book, as ``project_move`` does: nothing more is booked to it here either."""

from __future__ import annotations

from typing import Any

from itisa.audit.models import AuditEntry
from itisa.dossier.services import dossier_export, dossier_import
from itisa.ledger.models import CostObject
from itisa.projects.models import Project
from itisa.projects.tests.conftest import NOW, ProjectWorld, make_project


def test_an_ended_project_brought_in_by_a_dossier_closes_its_cost_object(
    pw: ProjectWorld, clock: Any
) -> None:
    second = make_project(pw.world, pw.books, title="智能照明控制系统")
    data = dossier_export(pw.world.csa)
    doc = next(p for p in data["projects"] if p["code"] == second.code)
    doc["status"] = "terminated"
    doc["status_history"].append(
        {"at": "2026-03-02T01:00:00Z", "old_status": "proposed", "new_status": "terminated",
         "by": "secretariat", "comment": "经费未落实"}
    )  # fmt: skip
    result = dossier_import(data)
    assert result.problems == []
    second.refresh_from_db()
    assert second.status == "terminated"
    co = CostObject.objects.get(pk=second.cost_object_id)
    assert co.closed_at == NOW
    assert AuditEntry.objects.filter(action="ledger.cost_object.closed").count() == 1
    # the other project is untouched, and a second import changes nothing
    assert CostObject.objects.get(pk=Project.objects.get(pk=pw.project.pk).cost_object_id).closed_at is None
    entries = AuditEntry.objects.count()
    again = dossier_import(data)
    assert (again.problems, sum(again.created.values()) + sum(again.updated.values())) == ([], 0)
    assert AuditEntry.objects.count() == entries
