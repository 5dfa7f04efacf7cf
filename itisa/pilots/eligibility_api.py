"""Eligibility endpoints (Art. 8): one alliance's report, and the officers' survey of the registry."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError, NotFound, PermissionDenied
from itisa.pilots.eligibility import RULE_SETS
from itisa.pilots.eligibility.build import alliance_report
from itisa.pilots.eligibility_permissions import can_survey_eligibility, can_view_eligibility
from itisa.pilots.eligibility_selectors import eligibility_survey
from itisa.registry.selectors import alliance_get

router = Router(tags=["eligibility"])


class CriterionOut(Schema):
    code: str
    result: str
    reason_zh: str
    reason_en: str
    reference: str
    facts: dict[str, Any]


class ReportOut(Schema):
    alliance: str
    rules: str
    eligible: bool | None
    criteria: list[CriterionOut]


class SurveyRowOut(Schema):
    alliance: str
    eligible: bool | None
    failing: list[str]
    needs_review: list[str]


class CriterionCountOut(Schema):
    code: str
    passed: int
    failed: int
    needs_review: int


class SurveyOut(Schema):
    rules: str
    criteria: list[CriterionCountOut]
    alliances: list[SurveyRowOut]


def _rule_set(rules: str) -> str:
    if rules not in RULE_SETS:
        raise DomainError(
            _("Please correct the errors below."),
            fields={
                "rules": [_("Unknown rule set; choose one of: %(sets)s.") % {"sets": ", ".join(RULE_SETS)}]
            },
        )
    return rules


@router.get("/alliances/{code}/eligibility", response=ReportOut, auth=AUTHENTICATED)
def eligibility(request: HttpRequest, code: str, rules: str = "2008") -> Any:
    """The alliance's Article 8 report under a rule set; ``eligible`` is null when something needs review."""
    user = viewer(request)
    alliance = alliance_get(user, code)
    if alliance is None:
        raise NotFound(_("No alliance with the code %(code)s.") % {"code": code})
    decision = can_view_eligibility(user, alliance)
    if not decision:
        raise PermissionDenied(str(decision.reason))
    return alliance_report(alliance, rules=_rule_set(rules)).as_json()


@router.get("/eligibility", response=SurveyOut, auth=AUTHENTICATED)
def survey(request: HttpRequest, rules: str = "2008") -> Any:
    """Every alliance in the officer's scope: results per criterion, and each alliance's failures."""
    user = viewer(request)
    decision = can_survey_eligibility(user)
    if not decision:
        raise PermissionDenied(str(decision.reason))
    result = eligibility_survey(user, rules=_rule_set(rules))
    return {
        "rules": result.rules,
        "criteria": [
            {"code": code, "passed": c["pass"], "failed": c["fail"], "needs_review": c["needs_review"]}
            for code, c in result.counts.items()
        ],
        "alliances": [
            {
                "alliance": a.code,
                "eligible": r.eligible,
                "failing": [x.code for x in r.results if x.result == "fail"],
                "needs_review": [x.code for x in r.results if x.result == "needs_review"],
            }
            for a, r in result.rows
        ],
    }
