"""Invitation endpoints: the invitations the viewer may manage (list, create, send again, revoke) and
accepting one with the secret of its link. Every route declares its refusals."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import PermissionDenied
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.invitations import services
from itisa.invitations.choices import InvitationStatus
from itisa.invitations.models import Invitation
from itisa.invitations.permissions import can_manage_invitation, may_invite
from itisa.invitations.schemas import InvitationAcceptIn, InvitationIn, InvitationOut, InvitationResendIn
from itisa.invitations.selectors import access_invitation, invitation_document, invitations_for
from itisa.registry.selectors import access_alliance

router = Router(tags=["invitations"], auth=AUTHENTICATED)

WRITE = errors(400, 401, 403, 404, 409, 413, 422)


@router.get("/invitations", response={200: list[InvitationOut], **errors(401, 403, 404, 422)})
def invitation_list(request: HttpRequest, status: InvitationStatus | None = None, alliance: str = "") -> Any:
    """The invitations the viewer may manage, newest first, by status (expired: pending past its time)
    and alliance short code."""
    decision = may_invite(viewer(request))
    if not decision:
        raise PermissionDenied(decision.reason)
    found = access_alliance(viewer(request), alliance) if alliance else None
    rows = invitations_for(viewer(request), status=status or "", alliance=found)
    return [invitation_document(x) for x in rows]


@router.post("/invitations", response={201: InvitationOut, **WRITE})
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Any:
    """Invite an address to a role in a scope; the link goes by e-mail only. 403 beyond what the viewer may
    grant, 409 for a second pending invitation to the same address, role and scope."""
    row, _secret = services.invitation_create(
        by=viewer(request), data=services.InvitationInput(**payload.dict())
    )
    return Status(201, invitation_document(access_invitation(viewer(request), row.pk)))


@router.post("/invitations/{invitation_id}/resend", response={200: InvitationOut, **WRITE})
def invitation_resend(request: HttpRequest, invitation_id: Id, payload: InvitationResendIn) -> Any:
    """Send a pending or expired invitation again with a new link; the old link stops working."""
    obj = access_invitation(viewer(request), invitation_id, need=can_manage_invitation)
    services.invitation_resend(by=viewer(request), invitation=obj, days=payload.days)
    return invitation_document(access_invitation(viewer(request), invitation_id))


@router.post(
    "/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, **errors(401, 403, 404, 409, 413, 422)},
)
def invitation_revoke(request: HttpRequest, invitation_id: Id) -> Any:
    """Revoke a pending or expired invitation; 409 once accepted or revoked."""
    obj = access_invitation(viewer(request), invitation_id, need=can_manage_invitation)
    services.invitation_revoke(by=viewer(request), invitation=obj)
    return invitation_document(access_invitation(viewer(request), invitation_id))


@router.post("/invitations/accept", response={200: InvitationOut, **WRITE})
def invitation_accept(request: HttpRequest, payload: InvitationAcceptIn) -> Any:
    """Accept an invitation as the signed-in user: 404 for an unknown link, 409 when it was used, revoked
    or has expired, or when its inviter may no longer grant the role."""
    obj = services.invitation_accept(secret=payload.token, by=viewer(request))
    obj = Invitation.objects.select_related("alliance", "organisation", "invited_by", "accepted_by").get(
        pk=obj.pk
    )
    return invitation_document(obj)
