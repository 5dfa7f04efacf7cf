"""Standards endpoints: an alliance's standards, a standard with its drafting members, history and rounds,
the declarations of its rounds; the writes: create one, add a drafting member, open a declaration round,
file a declaration, open the vote (409/422 until every drafting member has declared). Every route declares
its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError
from itisa.core.responses import errors
from itisa.governance.models import Body
from itisa.registry.selectors import access_alliance
from itisa.standards import services
from itisa.standards.permissions import can_keep_standards, can_view_standards
from itisa.standards.schemas import (
    StandardDeclarationIn,
    StandardDetailOut,
    StandardDrafterIn,
    StandardIn,
    StandardOut,
    StandardRoundOut,
    StandardVoteIn,
)
from itisa.standards.selectors import access_standard, rounds_document, standard_document, standards_of

router = Router(tags=["standards"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _detail(request: HttpRequest, code: str, standard: str) -> dict[str, Any]:
    return standard_document(access_standard(viewer(request), code, standard))


@router.get("/alliances/{code}/standards", response={200: list[StandardOut], **READ})
def standard_list(request: HttpRequest, code: str, level: str = "", stage: str = "", q: str = "") -> Any:
    """The alliance's standards by code, filtered by level, stage and text (for the alliance's people)."""
    alliance = access_alliance(viewer(request), code, need=can_view_standards)
    return list(standards_of(viewer(request), alliance, level=level, stage=stage, q=q))


@router.post("/alliances/{code}/standards", response={201: StandardDetailOut, **WRITE})
def standard_create(request: HttpRequest, code: str, payload: StandardIn) -> Any:
    """Propose a standard with its lead drafting member (the secretariat)."""
    alliance = access_alliance(viewer(request), code, need=can_keep_standards)
    obj = services.standard_create(by=viewer(request), alliance=alliance,
                                   data=services.StandardInput(**payload.dict()))  # fmt: skip
    return Status(201, _detail(request, code, obj.code))


@router.get("/alliances/{code}/standards/{standard}", response={200: StandardDetailOut, **READ})
def standard_detail(request: HttpRequest, code: str, standard: str) -> Any:
    """A standard with its drafting members, stage history and declaration rounds."""
    access_alliance(viewer(request), code, need=can_view_standards)
    return _detail(request, code, standard)


@router.post("/alliances/{code}/standards/{standard}/drafters", response={201: StandardDetailOut, **WRITE})
def drafter_add(request: HttpRequest, code: str, standard: str, payload: StandardDrafterIn) -> Any:
    """Add an active member to the drafting members (409 when it drafts already)."""
    access_alliance(viewer(request), code, need=can_keep_standards)
    obj = access_standard(viewer(request), code, standard)
    services.drafter_add(by=viewer(request), standard=obj, data=services.DrafterInput(**payload.dict()))
    return Status(201, _detail(request, code, standard))


@router.get(
    "/alliances/{code}/standards/{standard}/declarations", response={200: list[StandardRoundOut], **READ}
)
def declarations(request: HttpRequest, code: str, standard: str) -> Any:
    """The standard's declaration rounds: each one's declarations (current and superseded), who is missing,
    and its vote."""
    access_alliance(viewer(request), code, need=can_view_standards)
    return rounds_document(access_standard(viewer(request), code, standard))


@router.post("/alliances/{code}/standards/{standard}/rounds", response={201: list[StandardRoundOut], **WRITE})
def round_open(request: HttpRequest, code: str, standard: str) -> Any:
    """Open a declaration round before the next vote (409 when one is open; 422 at a stage without a vote)."""
    access_alliance(viewer(request), code, need=can_keep_standards)
    services.round_open(by=viewer(request), standard=access_standard(viewer(request), code, standard))
    return Status(201, rounds_document(access_standard(viewer(request), code, standard)))


@router.post(
    "/alliances/{code}/standards/{standard}/declarations", response={201: list[StandardRoundOut], **WRITE}
)
def declaration_file(request: HttpRequest, code: str, standard: str, payload: StandardDeclarationIn) -> Any:
    """File a drafting member's IPR declaration in the open round (its contact or legal representative, or
    the secretariat with the signed document); a second one supersedes the first."""
    access_alliance(viewer(request), code, need=can_view_standards)
    obj = access_standard(viewer(request), code, standard)
    services.declaration_file(
        by=viewer(request), standard=obj, data=services.DeclarationInput(**payload.dict())
    )
    return Status(201, rounds_document(access_standard(viewer(request), code, standard)))


@router.post("/alliances/{code}/standards/{standard}/vote", response={201: list[StandardRoundOut], **WRITE})
def vote_open(request: HttpRequest, code: str, standard: str, payload: StandardVoteIn) -> Any:
    """Open the decision body's ballot on the round's move: refused (422) until every drafting member has
    filed its IPR declaration, naming those missing."""
    alliance = access_alliance(viewer(request), code, need=can_keep_standards)
    obj = access_standard(viewer(request), code, standard)
    body = Body.objects.filter(pk=payload.body, alliance=alliance).first()
    if body is None:
        raise DomainError(_("Please correct the errors below."), fields={"body": [_("No such body.")]})
    services.vote_open(by=viewer(request), standard=obj, body=body, deadline=payload.deadline)
    return Status(201, rounds_document(access_standard(viewer(request), code, standard)))
