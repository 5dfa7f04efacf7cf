"""Dossier 1.6: the section ``standards`` — export with the drafting members, history, rounds and
declarations; validated; a re-import changes nothing; a standard new here is written with its sealed
history and declarations; a conflicting record is refused; problems named by their JSON path."""

from __future__ import annotations

import copy
from typing import Any

from itisa.dossier.services import dossier_export, dossier_import, dossier_validate
from itisa.standards.models import IprDeclaration, StageChange, StandardProject
from itisa.standards.tests.conftest import StandardWorld, decide, declare_all, open_vote


def _build(sw: StandardWorld) -> dict[str, Any]:
    declare_all(sw)
    open_vote(sw)
    decide(sw, "yes")
    return dossier_export(sw.world.csa)


def _rows() -> tuple[int, int, int]:
    return StandardProject.objects.count(), StageChange.objects.count(), IprDeclaration.objects.count()


def test_export_of_the_standards(sw: StandardWorld) -> None:
    data = _build(sw)
    assert data["version"] == "1.6"
    (doc,) = data["standards"]
    a, b = sw.world.member_a.uscc, sw.world.member_b.uscc
    assert {k: doc[k] for k in ("code", "level", "stage", "committee", "project", "results", "published_number")} == {
        "code": "S0001", "level": "group", "stage": "approved", "committee": "CSA/TC1", "project": None,
        "results": [], "published_number": ""}  # fmt: skip
    assert [(m["organisation"], m["role"]) for m in doc["drafting_members"]] == [
        (a, "lead"),
        (b, "participant"),
    ]
    assert [(h["old_status"], h["new_status"], h["by"]) for h in doc["stage_history"]] == [
        (None, "proposal", "secretariat"), ("proposal", "approved", "secretariat")]  # fmt: skip
    (round_,) = doc["rounds"]
    assert (round_["seq"], round_["target"], round_["outcome"], round_["motion"]) == (
        1, "approved", "carried", {"body": "理事会", "number": 1})  # fmt: skip
    assert [(d["organisation"], d["licensing"], d["patents"], d["supersedes"], d["by"])
            for d in round_["declarations"]] == [
        (b, "none_needed", [], None, "member_contact"), (a, "rand", ["201811564288.X"], None, "secretariat")]  # fmt: skip
    assert dossier_validate(data) == []


def test_a_second_import_changes_nothing_and_a_new_standard_is_written(sw: StandardWorld) -> None:
    data = _build(sw)
    before = _rows()
    result = dossier_import(data)
    assert result.ok, result.problems
    assert (result.created["standard"], result.unchanged["standard"], result.unchanged["standard_declaration"]) == (
        0, 1, 2)  # fmt: skip
    assert _rows() == before
    other = copy.deepcopy(data)
    new = copy.deepcopy(data["standards"][0])
    new["code"], new["title_zh"] = "S0002", "LED 驱动电源规范"
    new["rounds"][0]["declarations"].append({**new["rounds"][0]["declarations"][0], "supersedes": 0,
                                              "licensing": "royalty_free", "holds_essential": True,
                                              "patents": ["ZL99113861.9"], "at": "2026-03-02T02:00:00+00:00"})  # fmt: skip
    other["standards"].append(new)
    assert dossier_validate(other) == []
    result = dossier_import(other)
    assert result.ok, result.problems
    assert (result.created["standard"], result.created["standard_declaration"]) == (1, 3)
    s2 = StandardProject.objects.get(code="S0002")
    assert s2.stage == "approved"
    assert list(s2.stage_changes.order_by("at", "pk").values_list("new_status", flat=True)) == [
        "proposal",
        "approved",
    ]
    third = IprDeclaration.objects.filter(round__standard=s2).order_by("pk").last()
    assert third is not None and third.supersedes is not None
    assert (third.licensing, third.patents, third.supersedes.licensing) == (
        "royalty_free",
        ["99113861.9"],
        "none_needed",
    )


def test_conflicts_and_problems_are_named_by_their_path(sw: StandardWorld) -> None:
    data = _build(sw)
    before = _rows()
    changed = copy.deepcopy(data)
    changed["standards"][0]["title_zh"] = "另一个标题"
    result = dossier_import(changed)
    assert [(p.path, p.message) for p in result.problems] == [
        ("$.standards[0]", "The standard S0001 exists here with other content.")]  # fmt: skip
    bad = copy.deepcopy(data)
    bad["standards"][0]["rounds"][0]["declarations"][1]["patents"] = ["ZL201811564288.1"]
    bad["standards"][0]["rounds"][0]["declarations"][0]["supersedes"] = 1
    bad["standards"][0]["published_number"] = "GB/T 1-2026"
    problems = [(p.path, p.message) for p in dossier_validate(bad)]
    assert ("$.standards[0].published_number", "Group standard numbers look like T/CSA 001-2026.") in problems
    assert ("$.standards[0].rounds[0].declarations[1].patents",
            "Not a valid CNIPA patent number: ZL201811564288.1.") in problems  # fmt: skip
    assert ("$.standards[0].rounds[0].declarations[0].supersedes",
            "A correction supersedes an earlier declaration of the same member.") in problems  # fmt: skip
    assert _rows() == before
