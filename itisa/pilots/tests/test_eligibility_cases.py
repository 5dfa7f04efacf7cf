"""The named eligibility cases, written as dossier files: ``pilots/eligibility/cases/*.json``.

Each case names a base dossier (``csa.dossier.json``: a complete, signed CSA in format 1.4 with its funds
and the national office's signed findings; ``csa-1.2.dossier.json``: the same in 1.2, without them), what
changes (the office's findings, a patch, the versions signed again), and the exact results that are not
a pass, with their reasons and facts where the case is about them. See ``dossier_cases``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from itisa.pilots.eligibility import RULE_SETS, Report, evaluate
from itisa.pilots.eligibility.from_dossier import DossierInvalid, dossier_facts
from itisa.pilots.tests.dossier_cases import CASE_FILES, CASES, materialise, office_key, public

AS_OF = dt.date(2026, 11, 28)


def run(case: dict[str, Any]) -> Report:
    facts = dossier_facts(
        materialise(case), as_of=dt.date.fromisoformat(case["as_of"]), office_key=office_key(case)
    )
    return evaluate(facts, rules=case["rules"])


def base() -> dict[str, Any]:
    return json.loads((CASES / "csa.dossier.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["case"] == path.stem
    report = run(case)
    results = {r.code: r for r in report.results}
    not_passing = {r.code: r.result for r in report.results if r.result != "pass"}
    assert not_passing == case["expect"]["not_passing"], case["description"]
    assert report.eligible is case["expect"]["eligible"]
    for code, (zh, en) in case["expect"].get("reasons", {}).items():
        assert (results[code].reason_zh, results[code].reason_en) == (zh, en), code
    for code, facts in case["expect"].get("facts", {}).items():
        assert results[code].facts == facts, code


def test_every_criterion_fails_or_needs_review_in_some_case() -> None:
    seen: set[str] = set()
    for path in CASE_FILES:
        seen |= set(json.loads(path.read_text(encoding="utf-8"))["expect"]["not_passing"])
    every = {c.code for rs in RULE_SETS.values() for c in rs.criteria}
    assert every - seen == set()
    assert len(CASE_FILES) == 48


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
        dossier_facts({"format": "itisa.dossier", "version": "1.2"}, as_of=AS_OF, office_key=public("office"))
    assert any(p.path == "$.alliance" for p in exc.value.problems)


@pytest.mark.parametrize(
    ("name", "change", "problem"),
    [
        (
            "a grant without its department",
            lambda d: d["funds"]["funds"][1].update(granting_department=""),
            "$.funds.funds[1].granting_department: A government grant names its granting department.",
        ),
        (
            "funds without a book",
            lambda d: d["funds"].update(book=None),
            "$.funds.funds: Funds are kept in a book: give the book.",
        ),
        (
            "findings about another alliance",
            lambda d: d["office_findings"]["findings"].update(alliance="SDC"),
            "$.office_findings.findings.alliance: These findings are about SDC, not about this alliance.",
        ),
        (
            "a 1.3 file with the 1.4 sections",
            lambda d: d.update(version="1.3"),
            "$.funds: The funds section is carried from version 1.4 on.",
        ),
    ],
    ids=[
        "grant-without-department",
        "funds-without-book",
        "findings-of-another-alliance",
        "1.3-with-1.4-sections",
    ],
)
def test_a_dossier_the_import_refuses_is_refused_by_the_check(name: str, change: Any, problem: str) -> None:
    data = copy.deepcopy(base())
    change(data)
    with pytest.raises(DossierInvalid) as exc:
        dossier_facts(data, as_of=AS_OF, office_key=public("office"))
    assert problem in [str(p) for p in exc.value.problems], name


def test_the_base_is_complete_and_its_facts_come_from_the_dossier_alone() -> None:
    facts = dossier_facts(base(), as_of=AS_OF, office_key=public("office"))
    assert (
        facts.separation_of_duties,
        facts.fund_supervisor_appointed,
        facts.government_funds_separate,
        facts.ledger_known,
        facts.findings_status,
    ) == (True, True, True, True, "verified")
    assert [(m.uscc, m.backbone_enterprise, m.frontier) for m in facts.members] == [
        ("12100000400000624D", None, True),
        ("12100000400012342E", None, None),
        ("91320100D000000133", True, None),
        ("91350200D00000021F", None, None),
    ]
    assert (facts.agreement_problems, facts.unsigned_members, facts.signatures_in_doubt) == ((), (), ())
