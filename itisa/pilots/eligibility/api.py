"""Eligibility endpoints (Art. 8): one alliance's report, and the officers' survey of the registry."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.responses import errors
from itisa.pilots.eligibility import RULE_SETS
from itisa.pilots.eligibility.build import alliance_report
from itisa.pilots.eligibility.permissions import can_survey_eligibility, can_view_eligibility
from itisa.pilots.eligibility.selectors import eligibility_survey, findings_of
from itisa.pilots.models import Finding
from itisa.pilots.services.findings import finding_record
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance

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


class FindingIn(Schema):
    organisation: str
    question: str
    holds: bool
    reason: str


class FindingOut(Schema):
    alliance: str
    organisation: str
    question: str
    holds: bool
    reason: str
    by: str
    at: dt.datetime


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "alliance": f.alliance.code,
        "organisation": f.organisation.uscc,
        "question": f.question,
        "holds": f.holds,
        "reason": f.reason,
        "by": f.by.get_username(),
        "at": f.at,
    }


def _rule_set(rules: str) -> str:
    if rules not in RULE_SETS:
        raise DomainError(
            _("Please correct the errors below."),
            fields={
                "rules": [_("Unknown rule set; choose one of: %(sets)s.") % {"sets": ", ".join(RULE_SETS)}]
            },
        )
    return rules


@router.get(
    "/alliances/{code}/eligibility",
    response={200: ReportOut, **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
def eligibility(request: HttpRequest, code: str, rules: str = "2008") -> Any:
    """The alliance's Article 8 report under a rule set; ``eligible`` is null when something needs review."""
    alliance = access_alliance(viewer(request), code, need=can_view_eligibility)
    return alliance_report(alliance, rules=_rule_set(rules)).as_json()


@router.get(
    "/alliances/{code}/eligibility/findings",
    response={200: list[FindingOut], **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
def findings(request: HttpRequest, code: str) -> Any:
    """The national office's findings on what data cannot decide (Art. 8(1)), newest first."""
    alliance = access_alliance(viewer(request), code, need=can_view_eligibility)
    return [_finding(f) for f in findings_of(viewer(request), alliance)]


@router.post(
    "/alliances/{code}/eligibility/findings",
    response={201: FindingOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def finding_add(request: HttpRequest, code: str, payload: FindingIn) -> Any:
    """Record a finding: ``question`` is ``backbone`` (an enterprise) or ``frontier`` (a university or
    research institute); the latest finding per member counts in the eligibility report."""
    alliance = access_alliance(viewer(request), code, need=can_view_eligibility)
    organisation = Organisation.objects.filter(uscc=payload.organisation.strip().upper()).first()
    if organisation is None:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"organisation": [_("No organisation with this credit code.")]},
        )
    finding = finding_record(
        by=viewer(request),
        alliance=alliance,
        organisation=organisation,
        question=payload.question,
        holds=payload.holds,
        reason=payload.reason,
    )
    return Status(201, _finding(finding))


@router.get("/eligibility", response={200: SurveyOut, **errors(401, 403, 422)}, auth=AUTHENTICATED)
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
