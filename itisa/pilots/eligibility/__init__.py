"""Eligibility for the pilot program: Article 8 as dated, versioned rule sets of pure criteria.

``evaluate(facts, rules="2008")`` returns the report: eligible is True when every criterion passes,
False when any fails, None when nothing fails but something needs review. The thresholds are read for
``facts.as_of``; facts as of a day before a set's date raise ``NotInForce``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from itisa.pilots.eligibility.criteria import (
    CRITERIA_2008,
    FAIL,
    OPERATED_ONE_YEAR,
    REVIEW,
    Criterion,
    Result,
)
from itisa.pilots.eligibility.facts import Facts, MemberFacts
from itisa.pilots.eligibility.parameters import NotInForce


@dataclass(frozen=True)
class RuleSet:
    code: str
    dated: dt.date
    reference: str
    criteria: tuple[Criterion, ...]


# Each set is dated by its source; the thresholds its criteria read are in force from that date
# (``parameters.json``), so a set answers for facts as of its date or later.
RULE_SETS: dict[str, RuleSet] = {
    # 《关于推动产业技术创新战略联盟构建的指导意见》, signed 2008-12-30 (shared/policy).
    "2008": RuleSet("2008", dt.date(2008, 12, 30), "国科发政〔2008〕770号", tuple(CRITERIA_2008)),
    # Article 8 plus a year of operation, as the alliances' network (中国产业技术创新战略联盟协同发展网)
    # restated the conditions in its 《网员基本条件》 of 2016-07-05. Not a government document (none is
    # known for this addition), and shared/policy holds no copy of it (see docs/eligibility.md).
    "2016": RuleSet(
        "2016",
        dt.date(2016, 7, 5),
        "国科发政〔2008〕770号；协同发展网《网员基本条件》（2016）",
        (*CRITERIA_2008, OPERATED_ONE_YEAR),
    ),
}


@dataclass(frozen=True)
class Report:
    alliance: str
    rules: str
    results: tuple[Result, ...]

    @property
    def eligible(self) -> bool | None:
        if any(r.result == FAIL for r in self.results):
            return False
        if any(r.result == REVIEW for r in self.results):
            return None
        return True

    def as_json(self) -> dict[str, Any]:
        return {
            "alliance": self.alliance,
            "rules": self.rules,
            "eligible": self.eligible,
            "criteria": [asdict(r) for r in self.results],
        }


def evaluate(facts: Facts, *, rules: str = "2008") -> Report:
    rule_set = RULE_SETS[rules]
    if facts.as_of < rule_set.dated:
        raise NotInForce(
            f"The {rule_set.code} rules are in force from {rule_set.dated.isoformat()}, "
            f"not on {facts.as_of.isoformat()} ({rule_set.reference}).",
            first=rule_set.dated,
            asked=facts.as_of,
        )
    return Report(facts.alliance, rule_set.code, tuple(c(facts) for c in rule_set.criteria))


__all__ = ["RULE_SETS", "Facts", "MemberFacts", "NotInForce", "Report", "RuleSet", "evaluate"]
