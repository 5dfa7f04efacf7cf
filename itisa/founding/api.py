"""Proposal endpoints: the proposals the viewer may see (its own, and those it reviews), drafting, changing
and submitting one (its proposer), accepting and returning one (the competent officer). A proposal the
viewer may not see is 404. Every route declares its refusals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.founding import services
from itisa.founding.choices import ProposalStatus
from itisa.founding.schemas import ProposalIn, ProposalOut, ProposalReturnIn
from itisa.founding.selectors import access_proposal, proposal_document, proposals_for

router = Router(tags=["founding"], auth=AUTHENTICATED)

WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _out(request: HttpRequest, pk: int) -> dict[str, Any]:
    return proposal_document(access_proposal(viewer(request), pk))


@router.get("/proposals", response={200: list[ProposalOut], **errors(401, 422)})
def proposal_list(request: HttpRequest, status: ProposalStatus | None = None) -> Any:
    """The proposals the viewer may see, newest first: its own, and the submitted (or decided) ones of the
    scope it reviews; by status."""
    rows = proposals_for(viewer(request))
    if status:
        rows = rows.filter(status=status)
    return [proposal_document(x) for x in rows]


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **errors(401, 404, 422)})
def proposal_detail(request: HttpRequest, proposal_id: Id) -> Any:
    """One proposal: 404 unless the viewer made it or reviews it."""
    return _out(request, proposal_id)


def _input(payload: ProposalIn) -> services.ProposalInput:
    data = payload.dict()
    new = tuple(services.NewFounderInput(**row) for row in data["new_founders"])
    return services.ProposalInput(**{**data, "founders": tuple(data["founders"]), "new_founders": new})


@router.post("/proposals", response={201: ProposalOut, **errors(400, 401, 403, 413, 422)})
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Any:
    """Draft a proposal (anyone with an account); 422 names each unknown or invalid credit code."""
    row = services.proposal_create(by=viewer(request), data=_input(payload))
    return Status(201, _out(request, row.pk))


@router.put("/proposals/{proposal_id}", response={200: ProposalOut, **WRITE})
def proposal_update(request: HttpRequest, proposal_id: Id, payload: ProposalIn) -> Any:
    """Replace a draft or returned proposal (its proposer); 403 otherwise."""
    obj = access_proposal(viewer(request), proposal_id)
    services.proposal_update(by=viewer(request), proposal=obj, data=_input(payload))
    return _out(request, proposal_id)


@router.post(
    "/proposals/{proposal_id}/submit", response={200: ProposalOut, **errors(401, 403, 404, 409, 413, 422)}
)
def proposal_submit(request: HttpRequest, proposal_id: Id) -> Any:
    """Submit a draft or returned proposal to the competent officers (its proposer); 409 in another status
    or when its short code has been taken."""
    obj = access_proposal(viewer(request), proposal_id)
    services.proposal_submit(by=viewer(request), proposal=obj)
    return _out(request, proposal_id)


@router.post(
    "/proposals/{proposal_id}/accept", response={200: ProposalOut, **errors(401, 403, 404, 409, 413, 422)}
)
def proposal_accept(request: HttpRequest, proposal_id: Id) -> Any:
    """Accept a submitted proposal (the competent officer): the alliance enters the registry as forming,
    with its founders as members and its proposer as secretariat; 409 in another status."""
    obj = access_proposal(viewer(request), proposal_id)
    services.proposal_accept(by=viewer(request), proposal=obj)
    return _out(request, proposal_id)


@router.post("/proposals/{proposal_id}/return", response={200: ProposalOut, **WRITE})
def proposal_return(request: HttpRequest, proposal_id: Id, payload: ProposalReturnIn) -> Any:
    """Return a submitted proposal with a reason (the competent officer); 409 in another status."""
    obj = access_proposal(viewer(request), proposal_id)
    services.proposal_return(by=viewer(request), proposal=obj, reason=payload.reason)
    return _out(request, proposal_id)
