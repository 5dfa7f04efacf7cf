"""Diffusion and catalogue endpoints. Public: the catalogue's search and an entry (the open-data rows).
The alliance's people: its obligations; the secretariat: record a diffusion, write, publish and withdraw
catalogue entries. The national office and fund supervisors: every alliance's obligations they follow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.errors import NotFound, PermissionDenied
from itisa.core.responses import errors
from itisa.diffusion import services
from itisa.diffusion.models import Listing, Obligation, SearchDoc
from itisa.diffusion.permissions import can_keep_catalogue, can_view_obligations, can_view_overview
from itisa.diffusion.schemas import (
    CatalogueItemOut,
    CataloguePageOut,
    DiffusionIn,
    DiffusionOut,
    ListingIn,
    ListingOut,
    ObligationOut,
    PageNumber,
    PerPage,
)
from itisa.diffusion.search import Filters
from itisa.diffusion.selectors import (
    catalogue_search,
    hits,
    item,
    obligations_of,
    obligations_overview,
    public_listing,
)
from itisa.registry.selectors import access_alliance
from itisa.results.models import Result

router = Router(tags=["diffusion"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


class CatalogueQuery(Schema):
    q: str = ""
    kind: str = ""
    industry: str = ""
    province: str = ""
    licensing: str = ""
    page: PageNumber = 1
    per_page: PerPage = 20


@router.get("/catalogue", response={200: CataloguePageOut, **errors(401, 422)}, auth=PUBLIC)
def catalogue(request: HttpRequest, query: Query[CatalogueQuery]) -> Any:
    """Search the public results catalogue: Chinese from one character, English words (and their
    beginnings), filters by kind, GB/T 4754 industry, GB/T 2260 province and licensing; best first."""
    found = catalogue_search(
        query.q,
        filters=Filters(
            kind=query.kind, industry=query.industry, province=query.province, licensing=query.licensing
        ),
        page=query.page,
        per_page=query.per_page,
    )
    items = [item(h) for h in found.hits]
    return {"items": items, "total": found.total, "capped": found.capped, "page": query.page}


@router.get(
    "/catalogue/{code}/{result}", response={200: CatalogueItemOut, **errors(401, 404, 422)}, auth=PUBLIC
)
def catalogue_entry(request: HttpRequest, code: str, result: str) -> Any:
    """One published entry of the catalogue."""
    listing = public_listing(code, result)
    found = hits(SearchDoc.objects.filter(listing=listing), timezone.localdate())
    if not found:
        raise NotFound(_("No such entry in the catalogue."))
    return item(next(iter(found.values())))


def _obligation(o: Obligation) -> dict[str, Any]:
    return {
        "id": o.pk, "alliance": o.alliance.code, "result": o.result.code, "title_zh": o.result.title_zh,
        "project": o.result.project.code if o.result.project else "", "department": o.department,
        "starts_on": o.starts_on, "deadline": o.deadline, "months": o.months, "status": o.status, "met_on": o.met_on,
    }  # fmt: skip


@router.get("/alliances/{code}/diffusion/obligations", response={200: list[ObligationOut], **READ})
def obligation_list(request: HttpRequest, code: str, status: str = "") -> Any:
    """The alliance's diffusion obligations (a fund supervisor sees those of their departments)."""
    alliance = access_alliance(viewer(request), code, need=can_view_obligations)
    return [_obligation(o) for o in obligations_of(viewer(request), alliance, status=status)]


@router.get("/diffusion/obligations", response={200: list[ObligationOut], **READ})
def obligation_overview(request: HttpRequest, status: str = "", department: str = "") -> Any:
    """Every alliance's obligations the viewer follows: the national office all, a fund supervisor their departments'."""
    decision = can_view_overview(viewer(request))
    if not decision:
        raise PermissionDenied(decision.reason)
    return [
        _obligation(o) for o in obligations_overview(viewer(request), status=status, department=department)
    ]


def _result(alliance: Any, code: str) -> Result:
    obj = Result.objects.filter(alliance=alliance, code=code).first()
    if obj is None:
        raise NotFound(_("No such result."))
    return obj


@router.post("/alliances/{code}/results/{result}/diffusions", response={201: DiffusionOut, **WRITE})
def diffusion_record(request: HttpRequest, code: str, result: str, payload: DiffusionIn) -> Any:
    """Record an open licence offer, an open publication or a standard that diffuses the result (write-once);
    its unmet obligations are settled with it."""
    alliance = access_alliance(viewer(request), code, need=can_keep_catalogue)
    obj = _result(alliance, result)
    row = services.diffusion_record(
        by=viewer(request), result=obj, data=services.DiffusionInput(**payload.dict())
    )
    return Status(
        201, {"id": row.pk, "result": obj.code, "means": row.means, "on": row.on, "proof": row.proof}
    )


def _listing(listing: Listing) -> dict[str, Any]:
    return {"result": listing.result.code, "status": listing.status, "abstract_zh": listing.abstract_zh,
            "abstract_en": listing.abstract_en, "keywords": listing.keywords, "show_owners": listing.show_owners,
            "show_number": listing.show_number, "contact": listing.contact, "published_at": listing.published_at}  # fmt: skip


@router.put("/alliances/{code}/catalogue/{result}", response={200: ListingOut, **WRITE})
def listing_save(request: HttpRequest, code: str, result: str, payload: ListingIn) -> Any:
    """Write what the public may see of the result (a draft until published; a published entry follows at once)."""
    alliance = access_alliance(viewer(request), code, need=can_keep_catalogue)
    obj = _result(alliance, result)
    listing = services.listing_save(
        by=viewer(request), result=obj, data=services.ListingInput(**payload.dict())
    )
    return _listing(listing)


@router.post("/alliances/{code}/catalogue/{result}/{action}", response={200: ListingOut, **WRITE})
def listing_move(request: HttpRequest, code: str, result: str, action: str) -> Any:
    """``publish`` the entry (moderation: the result becomes public and findable) or ``withdraw`` it."""
    alliance = access_alliance(viewer(request), code, need=can_keep_catalogue)
    obj = _result(alliance, result)
    listing = Listing.objects.filter(result=obj).select_related("result", "alliance").first()
    if listing is None or action not in ("publish", "withdraw"):
        raise NotFound(_("No such catalogue entry."))
    if action == "publish":
        listing = services.listing_publish(by=viewer(request), listing=listing)
    else:
        listing = services.listing_withdraw(by=viewer(request), listing=listing)
    return _listing(listing)
