"""The standards section of the alliance dossier: ``standards`` (since format 1.6).

Registered with ``itisa.dossier.extensions`` when the app is ready (the dossier sits below the standards
app and cannot import it). Export is deterministic: standards by code; drafting members, history rows,
rounds and declarations in the order they were recorded. Timestamps in UTC, no database ids. The cross-
checks are in ``standards.dossier.checks``, the import in ``standards.dossier.importer``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from itisa.dossier.extensions import Section
from itisa.registry.models import Alliance
from itisa.standards.dossier.checks import standard_problems
from itisa.standards.dossier.importer import KINDS, import_standards
from itisa.standards.dossier.schemas import StandardDoc
from itisa.standards.models import DraftingMember, IprDeclaration, StageChange, StandardProject, VoteRound


def _at(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _round(row: VoteRound) -> dict[str, Any]:
    declarations = sorted(row.declarations.all(), key=lambda d: d.pk)
    index = {d.pk: i for i, d in enumerate(declarations)}
    motion = row.motion
    return {
        "seq": row.seq, "target": row.target, "outcome": row.outcome,
        "motion": {"body": motion.body.name_zh, "number": motion.number} if motion else None,
        "opened_by": row.opened_by.get_username(), "opened_at": _at(row.opened_at), "closed_at": _at(row.closed_at),
        "declarations": [
            {"organisation": d.organisation.uscc, "holds_essential": d.holds_essential, "patents": list(d.patents),
             "licensing": d.licensing, "document_ref": d.document_ref, "note": d.note,
             "supersedes": index.get(d.supersedes_id) if d.supersedes_id else None,
             "by": d.by.get_username(), "at": _at(d.at)}
            for d in declarations
        ],
    }  # fmt: skip


def _standard(s: StandardProject) -> dict[str, Any]:
    return {
        "code": s.code, "level": s.level, "title_zh": s.title_zh, "title_en": s.title_en, "committee": s.committee,
        "stage": s.stage, "published_number": s.published_number,
        "published_on": s.published_on.isoformat() if s.published_on else None,
        "project": s.project.code if s.project else None,
        "results": sorted(r.code for r in s.results.all()), "is_demo": s.is_demo,
        "by": s.by.get_username(), "at": _at(s.at),
        "drafting_members": [
            {"organisation": m.organisation.uscc, "role": m.role, "by": m.by.get_username(), "at": _at(m.at)}
            for m in sorted(s.drafting_members.all(), key=lambda m: m.pk)
        ],
        "stage_history": [
            {"at": _at(h.at), "old_status": h.old_status or None, "new_status": h.new_status,
             "by": h.actor_label or (h.by.get_username() if h.by else None), "comment": h.comment}
            for h in sorted(s.stage_changes.all(), key=lambda h: (h.at, h.pk))
        ],
        "rounds": [_round(r) for r in sorted(s.rounds.all(), key=lambda r: r.seq)],
    }  # fmt: skip


def export_standards(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every standard of the alliance with its drafting members, history, rounds and declarations."""
    declarations = IprDeclaration.objects.select_related("organisation", "by")
    rounds = VoteRound.objects.select_related("motion__body", "opened_by").prefetch_related(
        Prefetch("declarations", queryset=declarations)
    )
    standards = (
        StandardProject.objects.filter(alliance=alliance)
        .select_related("project", "by")
        .prefetch_related(
            Prefetch(
                "drafting_members", queryset=DraftingMember.objects.select_related("organisation", "by")
            ),
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("by")),
            Prefetch("rounds", queryset=rounds),
            "results",
        )
    )
    return [_standard(s) for s in sorted(standards, key=lambda s: (len(s.code), s.code))]


def standard_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The organisations the standards name: their drafting members (every declarant is one)."""
    return set(
        DraftingMember.objects.filter(standard__alliance=alliance).values_list(
            "organisation__uscc", flat=True
        )
    )


STANDARDS = Section(
    name="standards",
    since="1.6",
    item=StandardDoc,
    label=_("Standards"),
    description=(
        "Standards the alliance drafts (Art. 5) with their level, stage history, drafting members and the IPR "
        "disclosures and licensing declarations each drafting member filed before each vote."
    ),
    export=export_standards,
    organisations=standard_organisations,
    check=standard_problems,
    load=import_standards,
    kinds=KINDS,
)
