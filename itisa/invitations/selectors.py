"""Reads of invitations, scoped to what the viewer may manage (the same circle as ``can_invite``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.invitations.choices import InvitationStatus
from itisa.invitations.models import Invitation
from itisa.invitations.permissions import SECRETARIAT_INVITES


def _scope_q(viewer: Any) -> Q | None:
    """The invitations ``viewer`` may manage as a ``Q`` (None: all of them), mirroring ``can_invite``."""
    s = role_summary(viewer)
    if not s.authenticated:
        return Q(pk__in=[])
    if s.national:
        return None
    q = Q(pk__in=[])
    secretariat = s.alliances_with(Role.SECRETARIAT)
    if secretariat:
        q |= Q(alliance_id__in=secretariat, role__in=SECRETARIAT_INVITES)
    if s.provinces:
        q |= Q(role=Role.PROVINCIAL_OFFICER, province__in=s.provinces)
    if s.industries - s.ministry_industries:
        q |= Q(role=Role.ASSOCIATION_OFFICER, industry__in=s.industries - s.ministry_industries)
    if s.ministry_industries:
        q |= Q(role=Role.MINISTRY_OFFICER, industry__in=s.ministry_industries)
    return q


def status_q(status: str, now: Any) -> Q:
    """Invitations in ``status`` as people read it (``expired``: pending past its time)."""
    if status == InvitationStatus.EXPIRED:
        return Q(status=InvitationStatus.PENDING, expires_at__lte=now)
    if status == InvitationStatus.PENDING:
        return Q(status=InvitationStatus.PENDING, expires_at__gt=now)
    return Q(status=status)


def invitations_for(viewer: Any, *, status: str = "", alliance: Any = None) -> QuerySet[Invitation]:
    """The invitations ``viewer`` may manage, newest first, by status and alliance, with what a list shows."""
    qs = Invitation.objects.select_related("alliance", "organisation", "invited_by", "accepted_by")
    scope = _scope_q(viewer)
    if scope is not None:
        qs = qs.filter(scope)
    if status:
        qs = qs.filter(status_q(status, timezone.now()))
    if alliance is not None:
        qs = qs.filter(alliance=alliance)
    return qs.order_by("-created_at", "-pk")


def access_invitation(viewer: Any, pk: int, *, need: Need | None = None) -> Invitation:
    """The invitation ``pk`` if ``viewer`` may manage it; a missing and a hidden one are the same NotFound."""
    obj = invitations_for(viewer).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No invitation %(id)s.") % {"id": pk})
    if need is not None:
        demand(viewer, obj, need)
    return obj


def invitation_by_secret(secret: str) -> Invitation | None:
    """The invitation a link's secret opens (any status), or None."""
    if not secret.startswith(Invitation.PREFIX) or len(secret) > 100:
        return None
    return (
        Invitation.objects.select_related("alliance", "organisation", "invited_by")
        .filter(digest=Invitation.digest_of(secret))
        .first()
    )


def invitation_document(obj: Invitation) -> dict[str, Any]:
    """The API's record of an invitation (its alliance, member, inviter and invitee already loaded)."""
    return {
        "id": obj.pk, "email": obj.email, "role": obj.role,
        "alliance": obj.alliance.code if obj.alliance else "",
        "organisation": obj.organisation.uscc if obj.organisation else "",
        "province": obj.province, "industry": obj.industry, "department": obj.department,
        "language": obj.language, "status": obj.status_at(timezone.now()),
        "invited_by": obj.invited_by.username if obj.invited_by else "",
        "created_at": obj.created_at, "sent_at": obj.sent_at, "expires_at": obj.expires_at,
        "accepted_by": obj.accepted_by.username if obj.accepted_by else "",
        "accepted_at": obj.accepted_at, "revoked_at": obj.revoked_at,
    }  # fmt: skip
