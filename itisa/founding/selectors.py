"""Reads of proposals, scoped to the viewer: the proposer's own, and the submitted (or decided) proposals
of the competent officer's scope. Nobody else sees a proposal, so nothing is public before acceptance."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.registry.choices import AllianceScope
from itisa.registry.models import Organisation


def reviewer_q(viewer: Any) -> Q:
    """The proposals ``viewer`` reviews (``permissions.is_competent_for``), drafts excepted."""
    s = role_summary(viewer)
    q = Q(pk__in=[])
    if s.national:
        q |= Q(scope=AllianceScope.NATIONAL)
    if s.provinces:
        q |= Q(scope=AllianceScope.REGIONAL, province__in=s.provinces)
    return q & ~Q(status=ProposalStatus.DRAFT)


def overseer_q(viewer: Any) -> Q:
    """The proposals ``viewer`` sees without reviewing them: the national office oversees the regional
    proposals of every province too (the coordinating group and its office guide alliance building
    nationwide, Art. 1 and 7), drafts excepted."""
    if not role_summary(viewer).national:
        return Q(pk__in=[])
    return ~Q(status=ProposalStatus.DRAFT)


def _with_rows(qs: QuerySet[AllianceProposal]) -> QuerySet[AllianceProposal]:
    return qs.select_related("proposer", "host_unit", "alliance").prefetch_related(
        Prefetch("founders", queryset=Organisation.objects.order_by("uscc")), "new_founders"
    )


def proposals_for(viewer: Any) -> QuerySet[AllianceProposal]:
    """Every proposal ``viewer`` may see, newest first."""
    if not role_summary(viewer).authenticated:
        return AllianceProposal.objects.none()
    return _with_rows(
        AllianceProposal.objects.filter(Q(proposer_id=viewer.pk) | reviewer_q(viewer) | overseer_q(viewer))
    ).order_by("-created_at", "-pk")


def proposals_of(viewer: Any) -> QuerySet[AllianceProposal]:
    """The proposals ``viewer`` made, newest first."""
    if not role_summary(viewer).authenticated:
        return AllianceProposal.objects.none()
    return _with_rows(AllianceProposal.objects.filter(proposer_id=viewer.pk)).order_by("-created_at", "-pk")


def proposal_queue(viewer: Any, *, status: str = ProposalStatus.SUBMITTED) -> QuerySet[AllianceProposal]:
    """The proposals ``viewer`` reviews, by status (submitted by default; empty: all but drafts), the
    longest waiting first."""
    qs = AllianceProposal.objects.filter(reviewer_q(viewer))
    if status:
        qs = qs.filter(status=status)
    return _with_rows(qs).order_by("submitted_at", "pk")


def access_proposal(viewer: Any, pk: int, *, need: Need | None = None) -> AllianceProposal:
    """The proposal ``pk`` if ``viewer`` may see it; a missing and a hidden one are the same NotFound."""
    obj = proposals_for(viewer).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No proposal %(id)s.") % {"id": pk})
    if need is not None:
        demand(viewer, obj, need)
    return obj


def proposal_document(obj: AllianceProposal) -> dict[str, Any]:
    """The API's record of a proposal (its proposer, host unit, alliance and founders already loaded)."""
    return {
        "id": obj.pk, "code": obj.code, "name_zh": obj.name_zh, "name_en": obj.name_en, "scope": obj.scope,
        "province": obj.province, "industry": obj.industry, "key_area": obj.key_area,
        "emerging_industry": obj.emerging_industry, "founders": [o.uscc for o in obj.founders.all()],
        "host_unit": obj.host_code(), "contact_name": obj.contact_name, "contact_phone": obj.contact_phone,
        "contact_email": obj.contact_email, "purpose": obj.purpose, "status": obj.status,
        "return_reason": obj.return_reason, "proposer": obj.proposer.username,
        "alliance": obj.alliance.code if obj.alliance else "", "created_at": obj.created_at,
        "submitted_at": obj.submitted_at,
        "new_founders": [{"uscc": r.uscc, "name_zh": r.name_zh, "name_en": r.name_en, "kind": r.kind,
                          "ownership": r.ownership, "province": r.province} for r in obj.new_founders.all()],
    }  # fmt: skip
