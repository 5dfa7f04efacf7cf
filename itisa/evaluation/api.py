"""Evaluation endpoints: campaigns (the office opens them), one evaluation, its next step (``advance``), the
grade, the published grades (public) and rectifications. Thin: the services decide."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.errors import DomainError, NotFound
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.evaluation import services
from itisa.evaluation.models import Campaign, Evaluation, Rectification
from itisa.evaluation.schemas import (
    AdvanceIn,
    CampaignIn,
    CampaignOut,
    EvaluationOut,
    GradeIn,
    GradeOut,
    RectificationIn,
    RectificationOut,
)
from itisa.evaluation.selectors import (
    access_campaign,
    access_evaluation,
    access_published,
    access_rectification,
    campaigns_visible_to,
    evaluations_visible_to,
    published_grades,
)
from itisa.pilots.models import Application

router = Router(tags=["evaluation"], auth=AUTHENTICATED)
READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def campaign_out(c: Campaign) -> dict[str, Any]:
    return {"id": c.pk, "title_zh": c.title_zh, "title_en": c.title_en, "year": c.year, "opens_on": c.opens_on,
            "ends_on": c.ends_on, "status": c.status, "evaluations": getattr(c, "n_evaluations", 0)}  # fmt: skip


def evaluation_out(e: Evaluation, *, grade: bool) -> dict[str, Any]:
    return {"id": e.pk, "campaign": e.campaign_id, "alliance": e.alliance.code, "pilot_from": e.application.pilot_from,
            "pilot_until": e.application.pilot_until, "status": e.status, "grade": e.grade if grade else ""}  # fmt: skip


def rectification_out(r: Rectification) -> dict[str, Any]:
    return {"id": r.pk, "alliance": r.alliance.code, "deadline": r.deadline, "status": r.status, "plan": r.plan,
            "check_comment": r.check_comment}  # fmt: skip


def _shows_grade(user: Any, e: Evaluation) -> bool:
    from itisa.evaluation.permissions import can_view_panel_reviews

    return e.status == "published" or bool(can_view_panel_reviews(user, e))


def advance(user: Any, evaluation: Evaluation, to: str, comment: str = "") -> Evaluation:
    """One named move of the office's or the departments' steps (shared with the CLI)."""
    if to == "verify":
        return services.evaluation_verify(by=user, evaluation=evaluation, accept=True, comment=comment)
    if to == "return":
        return services.evaluation_verify(by=user, evaluation=evaluation, accept=False, comment=comment)
    if to == "recheck":
        services.evaluation_recheck(by=user, evaluation=evaluation)
    elif to == "close_panel":
        services.panel_close(by=user, evaluation=evaluation)
    else:
        raise DomainError(_("Unknown step %(to)s: verify, return, recheck or close_panel.") % {"to": to},
                          fields={"to": [_("Unknown step.")]})  # fmt: skip
    evaluation.refresh_from_db()
    return evaluation


@router.get("/evaluation/campaigns", response={200: list[CampaignOut], **READ})
def campaign_list(request: HttpRequest) -> Any:
    """Campaigns the viewer sees (the office: all)."""
    return [campaign_out(c) for c in campaigns_visible_to(viewer(request))]


@router.post("/evaluation/campaigns", response={201: CampaignOut, **WRITE})
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Any:
    """Open a campaign with the pilots (published pilot applications) it covers."""
    data = payload.dict()
    ids = data.pop("applications")
    apps = list(Application.objects.filter(pk__in=ids).order_by("pk"))
    if len(apps) != len(set(ids)):
        raise NotFound(_("No such pilot."))
    obj = services.campaign_open(by=viewer(request), data=services.CampaignInput(**data), applications=apps)
    return 201, campaign_out(access_campaign(viewer(request), obj.pk))


@router.get("/evaluation/campaigns/{pk}", response={200: list[EvaluationOut], **READ})
def campaign_detail(request: HttpRequest, pk: Id) -> Any:
    """The campaign's evaluations the viewer sees, with each pilot's step."""
    user = viewer(request)
    campaign = access_campaign(user, pk)
    return [
        evaluation_out(e, grade=_shows_grade(user, e))
        for e in evaluations_visible_to(user, campaign=campaign)
    ]


@router.get(
    "/evaluation/campaigns/{campaign_id}/grades",
    response={200: list[GradeOut], **errors(401, 404, 422)},
    auth=PUBLIC,
)
def grades(request: HttpRequest, campaign_id: Id) -> Any:
    """The published grades of a campaign (public)."""
    return [{"alliance": e.alliance.code, "name_zh": e.alliance.name_zh, "grade": e.grade}
            for e in published_grades(access_published(campaign_id))]  # fmt: skip


@router.get("/evaluation/{pk}", response={200: EvaluationOut, **READ})
def evaluation_detail(request: HttpRequest, pk: Id) -> Any:
    user = viewer(request)
    e = access_evaluation(user, pk)
    return evaluation_out(e, grade=_shows_grade(user, e))


@router.post("/evaluation/{pk}/advance", response={200: EvaluationOut, **WRITE})
def evaluation_advance(request: HttpRequest, pk: Id, payload: AdvanceIn) -> Any:
    """Move the evaluation on: ``verify``, ``return`` (with the reason), ``recheck``, ``close_panel``."""
    user = viewer(request)
    e = advance(user, access_evaluation(user, pk), payload.to, payload.comment)
    return evaluation_out(access_evaluation(user, e.pk), grade=_shows_grade(user, e))


@router.post("/evaluation/{pk}/grade", response={200: EvaluationOut, **WRITE})
def evaluation_grade(request: HttpRequest, pk: Id, payload: GradeIn) -> Any:
    """The national office approves the grade with its reasons."""
    user = viewer(request)
    e = services.evaluation_decide(by=user, evaluation=access_evaluation(user, pk), grade=payload.grade,
                                   reasons=payload.reasons)  # fmt: skip
    return evaluation_out(access_evaluation(user, e.pk), grade=True)


@router.get("/evaluation/rectifications/{pk}", response={200: RectificationOut, **READ})
def rectification_detail(request: HttpRequest, pk: Id) -> Any:
    return rectification_out(access_rectification(viewer(request), pk))


@router.post("/evaluation/rectifications/{pk}", response={200: RectificationOut, **WRITE})
def rectification_act(request: HttpRequest, pk: Id, payload: RectificationIn) -> Any:
    """The secretariat submits its plan (``plan``); the office records the follow-up check (``passed``, ``comment``)."""
    user = viewer(request)
    obj = access_rectification(user, pk)
    if payload.passed is None:
        obj = services.rectification_plan_submit(by=user, rectification=obj, plan=payload.plan)
    else:
        obj = services.rectification_check(
            by=user, rectification=obj, passed=payload.passed, comment=payload.comment
        )
    return rectification_out(obj)
