"""Article 8 as code: named cases per criterion, the 2016 rule set, and the report's eligible value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import re
from typing import Any

import pytest

from itisa.pilots.eligibility import RULE_SETS, Facts, MemberFacts, evaluate
from itisa.pilots.eligibility.article8 import ARTICLE_8
from itisa.pilots.eligibility.criteria import SOURCE_2016, Criterion
from itisa.pilots.eligibility.facts import independent_legal_person
from itisa.pilots.eligibility.parameters import PARAMETERS

A = MemberFacts("914403001922038216", "enterprise", backbone_enterprise=True)
U = MemberFacts("12100000400000624D", "university", frontier=True)
SHOP = MemberFacts("92320106L000000110", "other", independent_legal_person=False)  # 个体工商户
COMPLETE = Facts(
    alliance="CSA",
    as_of=dt.date(2026, 11, 28),
    founded_on=dt.date(2004, 10, 12),
    members=(A, U),
    effective_agreement=True,
    goals_present=True,
    task_division_covers=frozenset({A.uscc, U.uscc}),
    signed_by_all_legal_representatives=True,
    body_kinds=frozenset({"decision", "advisory", "executive"}),
    liability_member=A.uscc,
    full_time_staff=2,
    fund_rules_in_agreement=True,
    separation_of_duties=True,
    fund_supervisor_appointed=True,
    government_funds_separate=True,
    ip_ownership_agreed=True,
    licensing_agreed=True,
    revenue_split_agreed=True,
    breach_liability_agreed=True,
    admission_procedure=True,
    diffusion_mechanism=True,
    diffusion_obligation_for_public_funds=True,
)


def _results(facts: Facts, rules: str = "2008") -> dict[str, str]:
    return {r.code: r.result for r in evaluate(facts, rules=rules).results}


def test_a_complete_alliance_passes_every_criterion_of_2008() -> None:
    report = evaluate(COMPLETE)
    assert report.eligible is True
    assert set(_results(COMPLETE).values()) == {"pass"}
    assert len(report.results) == 19
    first = report.as_json()["criteria"][0]
    assert (first["code"], first["reference"]) == (
        "art8.1.legal_persons",
        "国科发政〔2008〕770号，第八条第（一）项",
    )


@pytest.mark.parametrize(
    ("name", "changes", "code", "result"),
    [
        ("one member only", {"members": (A,)}, "art8.1.legal_persons", "fail"),
        (
            "an individual business is not a legal person",
            {
                "members": (A, U, SHOP),
                "task_division_covers": frozenset({A.uscc, U.uscc, SHOP.uscc}),
            },
            "art8.1.legal_persons",
            "fail",
        ),
        (
            "no university or institute",
            {"members": (A, MemberFacts("91440300192317458F", "enterprise"))},
            "art8.1.composition",
            "fail",
        ),
        (
            "backbone status unknown",
            {"members": (dataclasses.replace(A, backbone_enterprise=None), U)},
            "art8.1.backbone",
            "needs_review",
        ),
        (
            "no backbone enterprise",
            {"members": (dataclasses.replace(A, backbone_enterprise=False), U)},
            "art8.1.backbone",
            "fail",
        ),
        (
            "frontier standing unknown",
            {"members": (A, dataclasses.replace(U, frontier=None))},
            "art8.1.frontier",
            "needs_review",
        ),
        (
            "no institute at the frontier",
            {"members": (A, dataclasses.replace(U, frontier=False))},
            "art8.1.frontier",
            "fail",
        ),
        (
            "liability with a non-member",
            {"liability_member": "91440300192317458F"},
            "art8.3.liability",
            "fail",
        ),
        (
            "books not available",
            {"separation_of_duties": None, "fund_supervisor_appointed": None, "ledger_known": False},
            "art8.4.supervision",
            "needs_review",
        ),
        ("no effective agreement", {"effective_agreement": False}, "art8.2.agreement", "fail"),
        ("a goal without a target", {"goals_without_target": ("目标甲",)}, "art8.2.goals", "fail"),
        (
            "a signature whose key was revoked at an unknown time",
            {
                "signed_by_all_legal_representatives": False,
                "signatures_in_doubt": (A.uscc,),
            },
            "art8.2.signatures",
            "needs_review",
        ),
        ("a member without a task", {"task_division_covers": frozenset({A.uscc})}, "art8.2.tasks", "fail"),
        (
            "a legal representative has not signed",
            {"signed_by_all_legal_representatives": False},
            "art8.2.signatures",
            "fail",
        ),
        ("no advisory body", {"body_kinds": frozenset({"decision", "executive"})}, "art8.3.bodies", "fail"),
        ("no liability member", {"liability_member": None}, "art8.3.liability", "fail"),
        ("part-time staff only", {"full_time_staff": 0}, "art8.3.staff", "fail"),
        ("no fund supervisor", {"fund_supervisor_appointed": False}, "art8.4.supervision", "fail"),
        (
            "no government funds at all",
            {"government_funds_separate": None},
            "art8.4.government_funds",
            "pass",
        ),
        ("grants mixed with dues", {"government_funds_separate": False}, "art8.4.government_funds", "fail"),
        ("no revenue split", {"revenue_split_agreed": False}, "art8.5.ip", "fail"),
        ("no breach liability", {"breach_liability_agreed": False}, "art8.5.breach", "fail"),
        ("closed to new members", {"admission_procedure": False}, "art8.6.admission", "fail"),
        (
            "public results kept inside",
            {"diffusion_obligation_for_public_funds": False},
            "art8.6.public_results",
            "fail",
        ),
    ],
)
def test_named_cases(name: str, changes: dict[str, Any], code: str, result: str) -> None:
    facts = dataclasses.replace(COMPLETE, **changes)
    results = _results(facts)
    assert results[code] == result, name
    # only this criterion moves, except where the change necessarily moves others too
    knock_on = {
        "one member only": {"art8.1.composition", "art8.1.frontier"},
        "no university or institute": {"art8.2.tasks", "art8.1.frontier"},
        "books not available": {"art8.4.government_funds"},
        # what the agreement settles cannot be established without one in effect
        "no effective agreement": {
            "art8.2.goals", "art8.2.tasks", "art8.2.signatures", "art8.4.rules", "art8.5.ip", "art8.5.breach",
            "art8.6.admission", "art8.6.diffusion", "art8.6.public_results",
        },
    }.get(name, set())  # fmt: skip
    assert {c for c, r in results.items() if r != "pass"} == (
        {code} if result != "pass" else set()
    ) | knock_on


def test_without_an_agreement_in_effect_the_reasons_say_so_not_that_a_clause_is_missing() -> None:
    results = {r.code: r for r in evaluate(dataclasses.replace(COMPLETE, effective_agreement=False)).results}
    agreement = results.pop("art8.2.agreement")
    assert (agreement.result, agreement.reason_zh, agreement.reason_en, agreement.facts) == (
        "fail",
        "没有生效的联盟协议。",
        "No agreement is in effect.",
        {"effective_agreement": False},
    )
    depending = {
        code: (r.result, r.reason_zh, r.reason_en, r.facts)
        for code, r in results.items()
        if r.result != "pass"
    }
    assert depending == dict.fromkeys(
        [
            "art8.2.goals", "art8.2.tasks", "art8.2.signatures", "art8.4.rules", "art8.5.ip", "art8.5.breach",
            "art8.6.admission", "art8.6.diffusion", "art8.6.public_results",
        ],
        (
            "fail",
            "没有生效的联盟协议，无法确认此项。",
            "No agreement is in effect, so this cannot be established.",
            {"effective_agreement": False},
        ),
    )  # fmt: skip


def test_a_dossier_that_states_an_agreement_it_does_not_show_says_why() -> None:
    problem = "$.agreements[0].signatures: CSA/v1 is recorded as effective but not every party signed."
    facts = dataclasses.replace(COMPLETE, effective_agreement=False, agreement_problems=(problem,))
    agreement = next(r for r in evaluate(facts).results if r.code == "art8.2.agreement")
    assert (agreement.reason_zh, agreement.reason_en, agreement.facts) == (
        "卷宗称协议已生效，但未能证明其生效。",
        "The dossier states that an agreement is in effect but does not show it.",
        {"effective_agreement": False, "problems": [problem]},
    )


@pytest.mark.parametrize(
    ("status", "zh", "en"),
    [
        (None, "", ""),
        ("verified", "", ""),
        ("absent", "卷宗未附国家办公室的认定。", " The dossier carries no findings of the national office."),
        (
            "unsigned",
            "卷宗所附认定未经国家办公室签名，不予采用。",
            " The findings in the dossier are not signed by the national office, so they are not used.",
        ),
    ],
)
def test_a_finding_that_cannot_be_used_says_why_it_needs_review(status: str | None, zh: str, en: str) -> None:
    facts = dataclasses.replace(
        COMPLETE, members=(dataclasses.replace(A, backbone_enterprise=None), U), findings_status=status
    )
    backbone = next(r for r in evaluate(facts).results if r.code == "art8.1.backbone")
    assert (backbone.result, backbone.reason_zh, backbone.reason_en) == (
        "needs_review",
        "骨干地位需专家判断。" + zh,
        "Whether an enterprise is a backbone of its industry needs review." + en,
    )


def test_eligible_is_null_when_only_review_is_needed_and_false_when_anything_fails() -> None:
    review = dataclasses.replace(COMPLETE, members=(dataclasses.replace(A, backbone_enterprise=None), U))
    assert evaluate(review).eligible is None
    assert evaluate(dataclasses.replace(review, full_time_staff=0)).eligible is False


@pytest.mark.parametrize(
    ("founded", "result"),
    [(dt.date(2025, 11, 28), "pass"), (dt.date(2025, 11, 29), "fail"), (None, "needs_review")],
    ids=["exactly a year", "a day short", "founding date unknown"],
)
def test_the_2016_set_adds_a_year_of_operation(founded: dt.date | None, result: str) -> None:
    facts = dataclasses.replace(COMPLETE, founded_on=founded)
    assert _results(facts, "2016")["operation.one_year"] == result
    assert "operation.one_year" not in _results(facts, "2008")
    # dated by its source, the network's 《网员基本条件》 of 2016-07-05 (see SOURCE_2016)
    assert (RULE_SETS["2016"].dated, len(RULE_SETS["2016"].criteria)) == (dt.date(2016, 7, 5), 20)


@pytest.mark.parametrize(
    ("uscc", "legal_person"),
    [
        ("914403001922038216", True),  # 9 market regulation, 1 enterprise
        ("92320106L000000110", False),  # 9 market regulation, 2 individual business (个体工商户)
        ("93320106L0000002XL", True),  # 9 market regulation, 3 farmers' cooperative (a legal person)
        ("12100000400000624D", True),  # 1 establishment office, 2 public institution (事业单位)
    ],
    ids=["enterprise", "individual business", "cooperative", "public institution"],
)
def test_the_credit_code_marks_an_individual_business_as_no_legal_person(
    uscc: str, legal_person: bool
) -> None:
    assert independent_legal_person(uscc) is legal_person


EVERY_CRITERION = {c.code: c for rs in RULE_SETS.values() for c in rs.criteria}
CLAUSE = re.compile(r"第八条第（([一二三四五六])）项")
QUOTE = re.compile(r"「([^」]+)」")


@pytest.mark.parametrize("criterion", EVERY_CRITERION.values(), ids=EVERY_CRITERION.keys())
def test_every_criterion_quotes_the_words_of_its_clause(criterion: Criterion) -> None:
    doc = inspect.getdoc(criterion.check) or ""
    heading, _, english = doc.partition("\n\n")
    assert re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", english), f"{criterion.code}: no English explanation"
    clause = CLAUSE.search(criterion.reference)
    if clause is None:  # the 2016 addition is not a clause of Article 8: it quotes its own source
        reference = PARAMETERS["operation.min_days"].reference
        assert (criterion.code, criterion.reference) == ("operation.one_year", f"{SOURCE_2016}，（一）1")
        assert heading == f"{SOURCE_2016}（一）1「{reference.quote}」"
        assert (reference.document, reference.article) == (SOURCE_2016, "（一）1")
        return
    n = clause.group(1)
    assert heading.startswith(f"第八条（{n}）「"), criterion.code
    quotes = QUOTE.findall(heading)
    assert quotes, f"{criterion.code}: no quote of clause ({n})"
    assert [q for q in quotes if q not in ARTICLE_8[n]] == [], (
        f"{criterion.code}: not the words of clause ({n})"
    )


def test_the_quotes_cover_every_clause_of_article_8() -> None:
    quoted = {
        CLAUSE.search(c.reference).group(1) for c in EVERY_CRITERION.values() if "第八条" in c.reference
    }  # type: ignore[union-attr]
    assert quoted == set(ARTICLE_8) == set("一二三四五六")
    assert len(EVERY_CRITERION) == 20
