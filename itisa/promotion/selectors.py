"""Reads of the promotion of alliances, scoped to the viewer: published key problems for anyone (drafts
for their body's officers), the alliances and proposals forming in an officer's scope, and endorsements
where their subject may be seen. A page reads a fixed number of queries whatever its length."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.promotion.choices import PUBLISHED, BodyKind, EndorsementStatus, ProblemStatus
from itisa.promotion.models import Endorsement, KeyProblem
from itisa.promotion.permissions import bodies_of, can_view_proposal_endorsements
from itisa.promotion.rules import Body
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance, Organisation


def _bodies_q(bodies: list[Body]) -> Q:
    """Rows (problems, endorsements) that belong to one of ``bodies``."""
    q = Q(pk__in=[])
    for body in bodies:
        q |= Q(body_kind=body.kind, body_code=body.code)
    return q


def scope_q(bodies: list[Body]) -> Q:
    """Alliances or proposals whose scope one of ``bodies`` promotes (``rules.covers`` as a filter)."""
    q = Q(pk__in=[])
    provinces = sorted(b.code for b in bodies if b.kind == BodyKind.PROVINCE)
    industries = sorted(b.code for b in bodies if b.kind != BodyKind.PROVINCE)
    if provinces:
        q |= Q(scope=AllianceScope.REGIONAL, province__in=provinces)
    if industries:
        q |= Q(industry__in=industries)
    return q


# ------------------------------------------------------------------------------------------- key problems


@dataclass(frozen=True)
class ProblemFilters:
    """Search text (titles, description, keywords) and filters of the key problems' list."""

    q: str = ""
    industry: str = ""
    province: str = ""
    status: str = ""
    body_kind: str = ""


def problems_visible_to(viewer: Any) -> QuerySet[KeyProblem]:
    """Published problems, and the drafts of the viewer's bodies; newest published first, drafts on top."""
    q = Q(status__in=PUBLISHED)
    bodies = bodies_of(viewer)
    if bodies:
        q |= Q(status=ProblemStatus.DRAFT) & _bodies_q(bodies)
    return KeyProblem.objects.filter(q).order_by(F("published_at").desc(nulls_first=True), "-pk")


def problem_search(viewer: Any, filters: ProblemFilters) -> QuerySet[KeyProblem]:
    qs = problems_visible_to(viewer)
    if filters.q:
        term = filters.q
        qs = qs.filter(
            Q(title_zh__icontains=term) | Q(title_en__icontains=term) | Q(description__icontains=term)
            | Q(keywords__icontains=term)
        )  # fmt: skip
    for field in ("industry", "province", "status", "body_kind"):
        value = getattr(filters, field)
        if value:
            qs = qs.filter(**{field: value})
    return qs


def access_problem(viewer: Any, pk: int, *, need: Need | None = None) -> KeyProblem:
    """The problem ``pk`` if ``viewer`` may see it; a missing and a hidden one are the same NotFound."""
    obj = problems_visible_to(viewer).select_related("created_by").filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No key technical problem %(id)s.") % {"id": pk})
    if need is not None:
        demand(viewer, obj, need)
    return obj


def open_problems_of(bodies: list[Body]) -> QuerySet[KeyProblem]:
    """The open problems of ``bodies`` (what an endorsement may refer to)."""
    return KeyProblem.objects.filter(_bodies_q(bodies), status=ProblemStatus.OPEN).order_by(
        "-published_at", "-pk"
    )


# ------------------------------------------------------------------------------------- forming in a scope


def forming_alliances(viewer: Any) -> QuerySet[Alliance]:
    """The forming alliances whose scope one of the viewer's bodies promotes, newest first."""
    bodies = bodies_of(viewer)
    if not bodies:
        return Alliance.objects.none()
    return (
        Alliance.objects.filter(scope_q(bodies), status=AllianceStatus.FORMING)
        .select_related("host_unit")
        .order_by("-created_at", "-pk")
    )


def forming_proposals(viewer: Any) -> QuerySet[AllianceProposal]:
    """The submitted proposals whose scope one of the viewer's bodies promotes, the longest waiting first."""
    bodies = bodies_of(viewer)
    if not bodies:
        return AllianceProposal.objects.none()
    return (
        AllianceProposal.objects.filter(scope_q(bodies), status=ProposalStatus.SUBMITTED)
        .select_related("host_unit")
        .order_by("submitted_at", "pk")
    )


def _endorsement_rows() -> QuerySet[Endorsement]:
    return Endorsement.objects.select_related("problem", "by", "alliance", "proposal", "withdrawn_by")


def active_endorsements(
    *,
    alliances: Sequence[Alliance] = (),
    proposals: Sequence[AllianceProposal] = (),
) -> tuple[dict[int, list[Endorsement]], dict[int, list[Endorsement]]]:
    """The active endorsements of ``alliances`` (including those of the proposals they were accepted from)
    and of ``proposals``, by alliance id and proposal id, in one query."""
    a_ids = [a.pk for a in alliances]
    p_ids = [p.pk for p in proposals]
    rows = _endorsement_rows().filter(
        Q(alliance_id__in=a_ids) | Q(proposal__alliance_id__in=a_ids) | Q(proposal_id__in=p_ids),
        status=EndorsementStatus.ACTIVE,
    )
    by_alliance: dict[int, list[Endorsement]] = defaultdict(list)
    by_proposal: dict[int, list[Endorsement]] = defaultdict(list)
    for row in rows.order_by("created_at", "pk"):
        if row.alliance_id is not None:
            by_alliance[row.alliance_id].append(row)
        elif row.proposal is not None:
            if row.proposal.alliance_id in a_ids:
                by_alliance[row.proposal.alliance_id].append(row)
            if row.proposal_id in p_ids:
                by_proposal[row.proposal_id].append(row)
    return by_alliance, by_proposal


def alliance_endorsements(alliance: Alliance) -> list[Endorsement]:
    """The active endorsements of an alliance (on the alliance page, for those who see it)."""
    return active_endorsements(alliances=[alliance])[0].get(alliance.pk, [])


def proposal_endorsements(proposal: AllianceProposal) -> list[Endorsement]:
    return active_endorsements(proposals=[proposal])[1].get(proposal.pk, [])


def endorsements_of_bodies(viewer: Any) -> QuerySet[Endorsement]:
    """Every endorsement (active and withdrawn) of the viewer's bodies, newest first."""
    bodies = bodies_of(viewer)
    if not bodies:
        return Endorsement.objects.none()
    return _endorsement_rows().filter(_bodies_q(bodies)).order_by("-created_at", "-pk")


def access_endorsement(viewer: Any, pk: int, *, need: Need | None = None) -> Endorsement:
    """An endorsement of one of the viewer's bodies; any other is NotFound."""
    obj = endorsements_of_bodies(viewer).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("No endorsement %(id)s.") % {"id": pk})
    if need is not None:
        demand(viewer, obj, need)
    return obj


def access_promoted_proposal(viewer: Any, pk: int, *, need: Need | None = None) -> AllianceProposal:
    """A proposal as the promotion pages show it: to its proposer, its competent officers and the bodies
    that promote its scope once submitted (``permissions.can_view_proposal_endorsements``)."""
    obj = (
        AllianceProposal.objects.select_related("host_unit", "alliance", "proposer")
        .prefetch_related(Prefetch("founders", queryset=Organisation.objects.order_by("uscc")))
        .filter(pk=pk)
        .first()
    )
    if obj is None or not can_view_proposal_endorsements(viewer, obj):
        raise NotFound(_("No proposal %(id)s.") % {"id": pk})
    if need is not None:
        demand(viewer, obj, need)
    return obj


# --------------------------------------------------------------------------------------------- documents


def problem_document(obj: KeyProblem) -> dict[str, Any]:
    return {
        "id": obj.pk, "body": obj.body.key, "title_zh": obj.title_zh, "title_en": obj.title_en,
        "description": obj.description, "industry": obj.industry, "province": obj.province,
        "keywords": obj.keyword_list, "status": obj.status, "published_at": obj.published_at,
        "closed_at": obj.closed_at,
    }  # fmt: skip


def endorsement_document(obj: Endorsement) -> dict[str, Any]:
    return {
        "id": obj.pk, "alliance": obj.alliance.code if obj.alliance else "",
        "proposal": obj.proposal_id, "body": obj.body.key, "statement": obj.statement,
        "problem": obj.problem_id, "status": obj.status, "created_at": obj.created_at,
        "withdrawn_at": obj.withdrawn_at, "withdraw_reason": obj.withdraw_reason,
    }  # fmt: skip
