"""Eligibility for the pilot program: Article 8 as dated, versioned rule sets of pure criteria.

``evaluate(facts, rules="2008")`` returns the report: eligible is True when every criterion passes,
False when any fails, None when nothing fails but something needs review.
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


@dataclass(frozen=True)
class RuleSet:
    code: str
    dated: dt.date
    reference: str
    criteria: tuple[Criterion, ...]


RULE_SETS: dict[str, RuleSet] = {
    "2008": RuleSet("2008", dt.date(2008, 12, 30), "国科发政〔2008〕770号", tuple(CRITERIA_2008)),
    "2016": RuleSet(
        "2016", dt.date(2016, 1, 1), "国科发政〔2008〕770号；2016年重述", (*CRITERIA_2008, OPERATED_ONE_YEAR)
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
    return Report(facts.alliance, rule_set.code, tuple(c(facts) for c in rule_set.criteria))


__all__ = ["RULE_SETS", "Facts", "MemberFacts", "Report", "RuleSet", "evaluate"]
