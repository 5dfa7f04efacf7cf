"""The named eligibility cases, written as dossier files: ``pilots/eligibility/cases/*.json``.

Each case names a base dossier (a complete, signed CSA), an RFC 6902 patch that breaks one thing,
what the office knows beside the dossier (the books, the reviewers' findings), and the exact results
that are not a pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonpatch
import pytest

from itisa.pilots.eligibility import RULE_SETS, evaluate
from itisa.pilots.eligibility.from_dossier import DossierInvalid, Findings, LedgerFacts, dossier_facts

CASES = Path(__file__).resolve().parents[1] / "eligibility" / "cases"
CASE_FILES = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".dossier.json"))


def materialise(case: dict[str, Any]) -> dict[str, Any]:
    base = json.loads((CASES / case["dossier"]).read_text(encoding="utf-8"))
    return jsonpatch.apply_patch(base, case["patch"])


def run(case: dict[str, Any]) -> Any:
    ledger = (
        LedgerFacts(**{**case["ledger"], "grants_restricted": tuple(case["ledger"]["grants_restricted"])})
        if "ledger" in case
        else None
    )
    findings = Findings(**case["findings"]) if "findings" in case else None
    facts = dossier_facts(
        materialise(case), as_of=dt.date.fromisoformat(case["as_of"]), ledger=ledger, findings=findings
    )
    return evaluate(facts, rules=case["rules"])


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["case"] == path.stem
    report = run(case)
    not_passing = {r.code: r.result for r in report.results if r.result != "pass"}
    assert not_passing == case["expect"]["not_passing"], case["description"]
    assert report.eligible is case["expect"]["eligible"]


def test_every_criterion_fails_or_needs_review_in_some_case() -> None:
    seen: set[str] = set()
    for path in CASE_FILES:
        seen |= set(json.loads(path.read_text(encoding="utf-8"))["expect"]["not_passing"])
    every = {c.code for rs in RULE_SETS.values() for c in rs.criteria}
    assert every - seen == set()
    assert len(CASE_FILES) == 31


def test_a_case_reported_through_the_json_shape() -> None:
    case = json.loads((CASES / "no-advisory-body.json").read_text(encoding="utf-8"))
    data = run(case).as_json()
    assert data["alliance"] == "CSA" and data["rules"] == "2008" and data["eligible"] is False
    bodies = next(c for c in data["criteria"] if c["code"] == "art8.3.bodies")
    assert bodies == {
        "code": "art8.3.bodies",
        "result": "fail",
        "reason_zh": "组织机构不全。",
        "reason_en": "Some kinds of body are missing.",
        "reference": "国科发政〔2008〕770号，第八条第（三）项",
        "facts": {"missing_kinds": ["advisory"]},
    }


def test_a_file_that_is_not_a_dossier_is_refused_with_its_problems() -> None:
    with pytest.raises(DossierInvalid) as exc:
        dossier_facts({"format": "itisa.dossier", "version": "1.2"}, as_of=dt.date(2026, 11, 28))
    assert any(p.path == "$.alliance" for p in exc.value.problems)


def test_findings_and_ledger_default_to_review() -> None:
    base = json.loads((CASES / "csa.dossier.json").read_text(encoding="utf-8"))
    facts = dossier_facts(base, as_of=dt.date(2026, 11, 28))
    assert (facts.separation_of_duties, facts.fund_supervisor_appointed, facts.ledger_known) == (
        None,
        None,
        False,
    )
    assert {dataclasses.astuple(m)[2:] for m in facts.members} == {(True, None, None)}
