"""Promotion endpoints: the public key technical problems (list, one), an officer's writes on its body's
problems, the alliances forming in the officer's scope, endorsing one and withdrawing an endorsement, and
the active endorsements of an alliance the viewer may see. Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.promotion import selectors, services
from itisa.promotion.permissions import can_view_forming
from itisa.promotion.schemas import (
    EndorsementIn,
    EndorsementOut,
    EndorsementWithdrawIn,
    FormingOut,
    KeyProblemCloseIn,
    KeyProblemFilterIn,
    KeyProblemIn,
    KeyProblemOut,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["promotion"], auth=AUTHENTICATED)

WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _problem(request: HttpRequest, pk: int) -> dict[str, Any]:
    return selectors.problem_document(selectors.access_problem(viewer(request), pk))


@router.get("/promotion/problems", response={200: list[KeyProblemOut], **errors(401, 422)}, auth=PUBLIC)
@paginate
def problem_list(request: HttpRequest, filters: Query[KeyProblemFilterIn]) -> Any:
    """Published key problems (and the drafts of the viewer's bodies), newest first."""
    return selectors.problem_search(viewer(request), selectors.ProblemFilters(**filters.dict())).order_by(
        "-pk"
    )


@router.get(
    "/promotion/problems/{problem_id}", response={200: KeyProblemOut, **errors(401, 404, 422)}, auth=PUBLIC
)
def problem_detail(request: HttpRequest, problem_id: Id) -> Any:
    """One key problem: 404 for a draft unless the viewer is an officer of its body."""
    return _problem(request, problem_id)


@router.post("/promotion/problems", response={201: KeyProblemOut, **errors(400, 401, 403, 413, 422)})
def problem_create(request: HttpRequest, payload: KeyProblemIn) -> Any:
    """Draft a key problem for one of the officer's bodies (Art. 11, 12); 403 for anyone else."""
    row = services.problem_create(by=viewer(request), data=services.ProblemInput(**payload.dict()))
    return Status(201, _problem(request, row.pk))


@router.put("/promotion/problems/{problem_id}", response={200: KeyProblemOut, **WRITE})
def problem_update(request: HttpRequest, problem_id: Id, payload: KeyProblemIn) -> Any:
    """Replace a draft key problem (its body's officers; the body stays); 403 once published."""
    obj = selectors.access_problem(viewer(request), problem_id)
    data = {k: v for k, v in payload.dict().items() if k != "body"}
    services.problem_update(by=viewer(request), problem=obj, data=services.ProblemInput(**data))
    return _problem(request, problem_id)


@router.post("/promotion/problems/{problem_id}/publish", response={200: KeyProblemOut, **WRITE})
def problem_publish(request: HttpRequest, problem_id: Id) -> Any:
    """Publish a draft key problem (its body's officers); 409 in another status."""
    obj = selectors.access_problem(viewer(request), problem_id)
    services.problem_publish(by=viewer(request), problem=obj)
    return _problem(request, problem_id)


@router.post("/promotion/problems/{problem_id}/close", response={200: KeyProblemOut, **WRITE})
def problem_close(request: HttpRequest, problem_id: Id, payload: KeyProblemCloseIn) -> Any:
    """Close an open key problem (its body's officers); 409 in another status."""
    obj = selectors.access_problem(viewer(request), problem_id)
    services.problem_close(by=viewer(request), problem=obj, comment=payload.comment)
    return _problem(request, problem_id)


@router.delete(
    "/promotion/problems/{problem_id}", response={200: KeyProblemOut, **errors(401, 403, 404, 413, 422)}
)
def problem_delete(request: HttpRequest, problem_id: Id) -> Any:
    """Delete a draft key problem (its body's officers); a published one is 403 (close it instead).
    Answers with the problem as it was."""
    obj = selectors.access_problem(viewer(request), problem_id)
    document = selectors.problem_document(obj)
    services.problem_delete(by=viewer(request), problem=obj)
    return document


@router.get("/promotion/forming", response={200: FormingOut, **errors(401, 403)})
def forming(request: HttpRequest) -> Any:
    """The forming alliances and submitted proposals the officer's bodies promote, with their active
    endorsements; 403 for anyone who promotes none."""
    user = viewer(request)
    decision = can_view_forming(user)
    if not decision:
        raise PermissionDenied(decision.reason)
    alliances = list(selectors.forming_alliances(user))
    proposals = list(selectors.forming_proposals(user))
    by_alliance, by_proposal = selectors.active_endorsements(alliances=alliances, proposals=proposals)
    doc = selectors.endorsement_document
    return {
        "alliances": [{"code": a.code, "name_zh": a.name_zh, "scope": a.scope, "province": a.province,
                       "industry": a.industry, "endorsements": [doc(e) for e in by_alliance.get(a.pk, [])]}
                      for a in alliances],
        "proposals": [{"id": p.pk, "code": p.code, "name_zh": p.name_zh, "scope": p.scope, "province": p.province,
                       "industry": p.industry, "submitted_at": p.submitted_at,
                       "endorsements": [doc(e) for e in by_proposal.get(p.pk, [])]} for p in proposals],
    }  # fmt: skip


@router.get("/promotion/endorsements", response={200: list[EndorsementOut], **errors(401, 422)})
def endorsement_list(request: HttpRequest) -> Any:
    """Every endorsement (active and withdrawn) of the viewer's bodies, newest first."""
    return [selectors.endorsement_document(e) for e in selectors.endorsements_of_bodies(viewer(request))]


@router.get(
    "/alliances/{code}/endorsements",
    response={200: list[EndorsementOut], **errors(401, 404, 422)},
    auth=PUBLIC,
)
def alliance_endorsements(request: HttpRequest, code: str) -> Any:
    """The active endorsements of an alliance the viewer may see (those of the proposal it was accepted
    from included); 404 for an alliance hidden from the viewer."""
    alliance = access_alliance(viewer(request), code)
    return [selectors.endorsement_document(e) for e in selectors.alliance_endorsements(alliance)]


@router.post("/promotion/endorsements", response={201: EndorsementOut, **WRITE})
def endorsement_record(request: HttpRequest, payload: EndorsementIn) -> Any:
    """Endorse a forming alliance or a submitted proposal of the officer's scope; 409 when its body has an
    active endorsement of it already."""
    user = viewer(request)
    if bool(payload.alliance) == (payload.proposal is not None):
        raise DomainError(_("Please correct the errors below."),
                          fields={"alliance": [_("Give either an alliance or a proposal.")]})  # fmt: skip
    subject: Any = (
        access_alliance(user, payload.alliance)
        if payload.alliance
        else selectors.access_promoted_proposal(user, payload.proposal)  # type: ignore[arg-type]
    )
    data = services.EndorsementInput(body=payload.body, statement=payload.statement, problem=payload.problem)
    row = services.endorsement_record(by=user, subject=subject, data=data)
    return Status(201, selectors.endorsement_document(selectors.access_endorsement(user, row.pk)))


@router.post("/promotion/endorsements/{endorsement_id}/withdraw", response={200: EndorsementOut, **WRITE})
def endorsement_withdraw(request: HttpRequest, endorsement_id: Id, payload: EndorsementWithdrawIn) -> Any:
    """Withdraw an endorsement of the officer's body, with a reason; 403 when already withdrawn."""
    user = viewer(request)
    obj = selectors.access_endorsement(user, endorsement_id)
    services.endorsement_withdraw(by=user, endorsement=obj, reason=payload.reason)
    return selectors.endorsement_document(selectors.access_endorsement(user, endorsement_id))
