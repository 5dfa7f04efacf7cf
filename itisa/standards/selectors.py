"""Reads of standards, scoped to the viewer (``permissions``: the alliance's people and the national office
see its standards, their drafting members, history and declarations). A page costs a fixed number of
queries, whatever the number of standards, members or declarations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core.errors import NotFound
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance
from itisa.standards.choices import RoundOutcome, Stage
from itisa.standards.models import DraftingMember, IprDeclaration, StageChange, StandardProject, VoteRound
from itisa.standards.permissions import can_view_standards


def standards_of(
    user: Any, alliance: Alliance, *, level: str = "", stage: str = "", q: str = ""
) -> QuerySet[StandardProject]:
    """The alliance's standards for those who see them, by code, filtered by level, stage and a search
    of code, titles, committee and published number."""
    if not can_view_standards(user, alliance):
        return StandardProject.objects.none()
    qs = StandardProject.objects.filter(alliance=alliance)
    if level:
        qs = qs.filter(level=level)
    if stage:
        qs = qs.filter(stage=stage)
    if q:
        qs = qs.filter(
            Q(code__icontains=q) | Q(title_zh__icontains=q) | Q(title_en__icontains=q)
            | Q(committee__icontains=q) | Q(published_number__icontains=q)
        )  # fmt: skip
    lead = DraftingMember.objects.filter(role="lead").select_related("organisation")
    return (
        qs.select_related("alliance")
        .prefetch_related(Prefetch("drafting_members", queryset=lead, to_attr="leads"))
        .annotate(drafters=Count("drafting_members", distinct=True))
        .order_by("code")
    )


def lead_name(standard: Any) -> str:
    """The lead drafting member's name of a standard from ``standards_of`` (prefetched: no query)."""
    leads = getattr(standard, "leads", [])
    return str(leads[0].organisation.name_zh) if leads else ""


def stage_counts(user: Any, alliance: Alliance) -> list[tuple[str, str, int]]:
    """(stage, label, count) for each stage that has standards, in stage order (one query)."""
    if not can_view_standards(user, alliance):
        return []
    counts = dict(
        StandardProject.objects.filter(alliance=alliance)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return [(s.value, str(s.label), counts[s.value]) for s in Stage if counts.get(s.value)]


def access_standard(user: Any, alliance_code: str, code: str) -> StandardProject:
    """Find and check: the standard with its members, history and rounds if the viewer sees the
    alliance's standards (PermissionDenied with the reason when not); NotFound when there is none."""
    alliance = access_alliance(user, alliance_code, need=can_view_standards)
    declarations = IprDeclaration.objects.select_related("organisation", "by").order_by("pk")
    rounds = (
        VoteRound.objects.select_related("motion__body")
        .prefetch_related(Prefetch("declarations", queryset=declarations))
        .order_by("seq")
    )
    obj = (
        standards_of(user, alliance)
        .select_related("project", "by")
        .prefetch_related(
            Prefetch("drafting_members", queryset=DraftingMember.objects.select_related("organisation").order_by("pk")),
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("by").order_by("at", "pk")),
            Prefetch("rounds", queryset=rounds),
            "results",
        )
        .filter(code=code.upper())
        .first()
    )  # fmt: skip
    if obj is None:
        raise NotFound(_("No such standard, or you may not see it."))
    return obj


@dataclass
class RoundView:
    """A round as a page shows it: its declarations (current and superseded), who is missing."""

    round: VoteRound
    current: list[IprDeclaration] = field(default_factory=list)
    superseded: list[IprDeclaration] = field(default_factory=list)
    missing: list[Any] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing


def round_views(standard: StandardProject) -> list[RoundView]:
    """Each round of a standard (prefetched by ``access_standard``) with its declarations and the drafting
    members yet to declare; no query."""
    drafters = list(standard.drafting_members.all())
    views = []
    for row in standard.rounds.all():
        declarations = list(row.declarations.all())
        superseded_ids = {d.supersedes_id for d in declarations if d.supersedes_id}
        current = [d for d in declarations if d.pk not in superseded_ids]
        declared = {d.organisation_id for d in declarations}
        missing = [m.organisation for m in drafters] if row.outcome == RoundOutcome.OPEN else []
        missing = [o for o in missing if o.pk not in declared]
        views.append(RoundView(row, current, [d for d in declarations if d.pk in superseded_ids], missing))
    return views


def declaration_document(d: IprDeclaration) -> dict[str, Any]:
    return {
        "id": d.pk, "organisation": d.organisation.uscc, "name": d.organisation.name_zh,
        "holds_essential": d.holds_essential, "patents": list(d.patents), "licensing": d.licensing,
        "document_ref": d.document_ref, "note": d.note, "supersedes": d.supersedes_id,
        "by": d.by.get_username(), "at": d.at,
    }  # fmt: skip


def rounds_document(standard: StandardProject) -> list[dict[str, Any]]:
    """The rounds of a standard as plain data (API, ``itisa standard declarations``)."""
    out = []
    for view in round_views(standard):
        row = view.round
        out.append({
            "seq": row.seq, "target": row.target, "outcome": row.outcome, "opened_at": row.opened_at,
            "closed_at": row.closed_at,
            "motion": None if row.motion is None else {"id": row.motion.pk, "status": row.motion.status,
                                                       "outcome": row.motion.outcome},
            "declarations": [{**declaration_document(d), "current": d in view.current}
                             for d in row.declarations.all()],
            "missing": [o.uscc for o in view.missing],
        })  # fmt: skip
    return out


def standard_document(standard: StandardProject) -> dict[str, Any]:
    """A standard with its drafting members and stage history as plain data (API, ``itisa standard show``)."""
    return {
        "alliance": standard.alliance.code, "code": standard.code, "level": standard.level,
        "title_zh": standard.title_zh, "title_en": standard.title_en, "committee": standard.committee,
        "stage": standard.stage, "published_number": standard.published_number,
        "published_on": standard.published_on,
        "project": standard.project.code if standard.project else None,
        "results": [r.code for r in standard.results.all()],
        "drafting_members": [{"organisation": m.organisation.uscc, "name": m.organisation.name_zh, "role": m.role}
                             for m in standard.drafting_members.all()],
        "history": [{"old_stage": h.old_status, "new_stage": h.new_status, "by": h.actor_label, "at": h.at, "comment": h.comment}
                    for h in standard.stage_changes.all()],
        "rounds": rounds_document(standard),
    }  # fmt: skip
