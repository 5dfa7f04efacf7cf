"""Activity rating endpoints. Public: a year's published results and A级 titles. The national office: the
schemes and campaigns (create, advance, plenary decisions); the campaign's experts: their reviews."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.errors import NotFound, PermissionDenied
from itisa.core.inputs import Year
from itisa.core.responses import errors
from itisa.pilots.models import Expert
from itisa.rating import outputs, selectors, services
from itisa.rating.models import Campaign
from itisa.rating.permissions import can_manage_rating, can_view_campaign
from itisa.rating.schemas import (
    RatingAdvanceIn,
    RatingCampaignIn,
    RatingCampaignOut,
    RatingResultsOut,
    RatingReviewIn,
    RatingReviewOut,
    RatingSchemeIn,
    RatingSchemeOut,
    RatingTitleOut,
)

router = Router(tags=["rating"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _office(request: HttpRequest) -> Any:
    decision = can_manage_rating(viewer(request))
    if not decision:
        raise PermissionDenied(decision.reason)
    return viewer(request)


def _campaign(request: HttpRequest, year: int) -> Campaign:
    obj = selectors.campaign_for(year)
    if obj is None or not can_view_campaign(viewer(request), obj, services.groups_of(viewer(request), obj)):
        raise NotFound(_("No such campaign."))
    return obj


@router.get("/rating/schemes", response={200: list[RatingSchemeOut], **READ})
def scheme_list(request: HttpRequest) -> Any:
    """Every year's scheme (without the definitions)."""
    _office(request)
    return [outputs.scheme_data(s, definition=False) for s in selectors.schemes()]


@router.get("/rating/schemes/{year}", response={200: RatingSchemeOut, **READ})
def scheme_show(request: HttpRequest, year: Year) -> Any:
    """A year's scheme with its definition and SHA-256."""
    _office(request)
    obj = selectors.scheme_for(year)
    if obj is None:
        raise NotFound(_("No such scheme."))
    return outputs.scheme_data(obj)


@router.post("/rating/schemes", response={201: RatingSchemeOut, **WRITE})
def scheme_create(request: HttpRequest, payload: RatingSchemeIn) -> Any:
    """Create a year's draft scheme (weights sum to 100; numbers as Decimal text)."""
    obj = services.scheme_create(by=_office(request), year=payload.year, title=payload.title,
                                 definition=payload.definition)  # fmt: skip
    return Status(201, outputs.scheme_data(obj))


@router.post("/rating/campaigns", response={201: RatingCampaignOut, **WRITE})
def campaign_create(request: HttpRequest, payload: RatingCampaignIn) -> Any:
    """Create the year's campaign with its review groups (expert ids of the pool)."""
    by = _office(request)
    experts = Expert.objects.in_bulk([e for g in payload.groups for e in g])
    if len(experts) != len({e for g in payload.groups for e in g}):
        raise NotFound(_("No such expert."))
    obj = services.campaign_create(
        by=by, year=payload.year, groups=[[experts[e] for e in g] for g in payload.groups]
    )
    return Status(201, outputs.campaign_data(obj))


@router.get("/rating/campaigns/{year}", response={200: RatingCampaignOut, **READ})
def campaign_show(request: HttpRequest, year: Year) -> Any:
    """The campaign with every alliance's computed and final scores (the office and the campaign's experts)."""
    return outputs.campaign_data(_campaign(request, year))


@router.post("/rating/campaigns/{year}/advance", response={200: RatingCampaignOut, **WRITE})
def campaign_advance(request: HttpRequest, year: Year, payload: RatingAdvanceIn) -> Any:
    """Move the campaign to its next stage (opening rates; the last move publishes)."""
    by = _office(request)
    obj = services.campaign_advance(by=by, campaign=_campaign(request, year), comment=payload.comment)
    return outputs.campaign_data(obj)


@router.post("/rating/campaigns/{year}/ratings/{code}/reviews", response={201: RatingReviewOut, **WRITE})
def review_record(request: HttpRequest, year: Year, code: str, payload: RatingReviewIn) -> Any:
    """Record a review act of the current stage (write-once)."""
    rating = selectors.rating_of(_campaign(request, year), code)
    if rating is None:
        raise NotFound(_("No such alliance in the campaign."))
    row = services.review_record(by=viewer(request), rating=rating, verdict=payload.verdict, reason=payload.reason,
                                 dimension=payload.dimension, score=payload.score)  # fmt: skip
    return Status(201, {"id": row.pk, "alliance": code, "stage": row.stage, "verdict": row.verdict,
                        "dimension": row.dimension, "score": row.score, "reason": row.reason})  # fmt: skip


@router.get("/rating/results", response={200: RatingResultsOut, **errors(401, 404, 422)}, auth=PUBLIC)
def results(request: HttpRequest, year: Year) -> Any:
    """A year's published results: rated alliances with final score and band; the unrated without scores."""
    obj = selectors.published_campaign(year)
    if obj is None:
        raise NotFound(_("No results are published for this year."))
    return outputs.results_data(obj)


@router.get("/rating/titles", response={200: list[RatingTitleOut], **errors(401, 422)}, auth=PUBLIC)
def titles(request: HttpRequest, year: Year) -> Any:
    """The alliances holding the title "A级活跃度" for the year (three consecutive years in the top band)."""
    return outputs.titles_data(year)
