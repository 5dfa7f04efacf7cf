"""The projects' section of the alliance dossier: ``projects`` (since format 1.5).

Registered with ``itisa.dossier.extensions`` when the app is ready (the dossier sits below the projects
app and cannot import it). Export is deterministic like the rest of the dossier: projects by code;
history rows in the order they happened; goals, participants and funding sources in the order they were
recorded (the lead member first); milestones by (due_on, title_zh); evidence by (uploaded_at, sha256);
reviews by (opened_at, kind); assignments by (assigned_at, expert name, organisation). Timestamps in
UTC, no database ids, money as decimal strings. The dossier's readers keep the alliance's record, so
they get the whole project (money, evidence, reviews), as the secretariat sees it. The cross-checks are
in ``projects.dossier.checks``, the import in ``projects.dossier.importer``. See docs/dossier.md,
"Projects (since 1.5)".
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from itisa.dossier.extensions import Section
from itisa.projects.dossier.checks import project_problems
from itisa.projects.dossier.importer import KINDS, import_projects
from itisa.projects.dossier.schemas import ProjectDoc
from itisa.projects.models import (
    Milestone,
    Project,
    ProjectStatusChange,
    ReviewAssignment,
    ReviewRound,
)
from itisa.projects.rules import acceptance_outcome
from itisa.registry.models import Alliance

NAME = "projects"


def _at(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _label(label: str, user: Any) -> str | None:
    """Who acted, as recorded: the label, or the account's username for rows written before labels."""
    return label or (user.get_username() if user is not None else None)


def _content(file: FieldFile) -> str:
    """The stored file as base64; empty when it is gone from storage (which the import then refuses)."""
    if not file.name:
        return ""
    try:
        with file.storage.open(file.name, "rb") as handle:
            return base64.b64encode(handle.read()).decode()
    except (OSError, ValueError):
        return ""


def _milestone(milestone: Milestone) -> dict[str, Any]:
    return {
        "kind": milestone.kind,
        "title_zh": milestone.title_zh,
        "starts_on": milestone.starts_on.isoformat(),
        "due_on": milestone.due_on.isoformat(),
        "status": milestone.status,
        "done_on": milestone.done_on.isoformat() if milestone.done_on else None,
        "note": milestone.note,
        "evidence": [
            {
                "original_name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "sha256": e.sha256,
                "uploaded_by": _label(e.uploaded_by_label, e.uploaded_by),
                "uploaded_at": _at(e.uploaded_at),
                "content": _content(e.file),
            }
            for e in sorted(milestone.evidence.all(), key=lambda e: (e.uploaded_at, e.sha256))
        ],
    }


def _assignment(assignment: ReviewAssignment) -> dict[str, Any]:
    expert = assignment.expert
    opinion = getattr(assignment, "opinion", None)
    return {
        "expert": {
            "name": expert.name,
            "organisation": expert.organisation.uscc if expert.organisation else None,
            "specialities": expert.specialities,
        },
        "assigned_by": _label(assignment.assigned_by_label, assignment.assigned_by),
        "assigned_at": _at(assignment.assigned_at),
        "opinion": {
            "score": opinion.score,
            "verdict": opinion.verdict,
            "text": opinion.text,
            "submitted_at": _at(opinion.submitted_at),
        }
        if opinion is not None
        else None,
    }


def _assignment_order(assignment: ReviewAssignment) -> tuple[dt.datetime, str, str]:
    organisation = assignment.expert.organisation
    return (assignment.assigned_at, assignment.expert.name, organisation.uscc if organisation else "")


def _review(review: ReviewRound) -> dict[str, Any]:
    assignments = sorted(review.assignments.all(), key=_assignment_order)
    verdicts = [getattr(getattr(a, "opinion", None), "verdict", None) for a in assignments]
    return {
        "kind": review.kind,
        "opened_by": _label(review.opened_by_label, review.opened_by),
        "opened_at": _at(review.opened_at),
        "passed": acceptance_outcome(verdicts).passed,
        "assignments": [_assignment(a) for a in assignments],
    }


def _project(project: Project) -> dict[str, Any]:
    motion = project.motion
    return {
        "code": project.code,
        "title_zh": project.title_zh,
        "title_en": project.title_en,
        "summary_zh": project.summary_zh,
        "starts_on": project.starts_on.isoformat(),
        "ends_on": project.ends_on.isoformat(),
        "lead": project.lead.uscc,
        "status": project.status,
        "agreement": project.agreement.number if project.agreement else None,
        "motion": {"body": motion.body.name_zh, "number": motion.number} if motion else None,
        "is_demo": project.is_demo,
        "status_history": [
            {
                "at": _at(h.at),
                "old_status": h.old_status or None,
                "new_status": h.new_status,
                "by": _label(h.actor_label, h.by),
                "comment": h.comment,
            }
            for h in sorted(project.status_changes.all(), key=lambda h: (h.at, h.pk))
        ],
        "goals": [
            {"title_zh": g.title_zh, "target": g.target, "agreement_goal": g.agreement_goal}
            for g in sorted(project.goals.all(), key=lambda g: g.pk)
        ],
        "participants": [
            {
                "organisation": p.organisation.uscc,
                "task_zh": p.task_zh,
                "money": f"{p.money:.2f}",
                "people_months": f"{p.people_months:.1f}",
            }
            for p in sorted(project.participants.all(), key=lambda p: p.pk)
        ],
        "funding": [
            {
                "kind": f.kind,
                "fund": f.fund.name_zh,
                "amount": f"{f.amount:.2f}",
                "organisation": f.organisation.uscc if f.organisation else None,
            }
            for f in sorted(project.funding.all(), key=lambda f: f.pk)
        ],
        "milestones": [
            _milestone(m) for m in sorted(project.milestones.all(), key=lambda m: (m.due_on, m.title_zh))
        ],
        "reviews": [
            _review(r) for r in sorted(project.review_rounds.all(), key=lambda r: (r.opened_at, r.kind))
        ],
    }


def export_projects(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every project of the alliance, proposed ones included, with everything recorded about it (the
    same for every reader of the dossier: they keep the alliance's record)."""
    projects = (
        Project.objects.filter(alliance=alliance)
        .select_related("lead", "agreement", "motion__body")
        .prefetch_related(
            Prefetch("status_changes", queryset=ProjectStatusChange.objects.select_related("by")),
            "goals",
            "participants__organisation",
            "funding__fund",
            "funding__organisation",
            Prefetch("milestones", queryset=Milestone.objects.prefetch_related("evidence__uploaded_by")),
            Prefetch(
                "review_rounds",
                queryset=ReviewRound.objects.select_related("opened_by").prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=ReviewAssignment.objects.select_related(
                            "expert__organisation", "assigned_by", "opinion"
                        ),
                    )
                ),
            ),
        )
        .order_by("code")
    )
    return [_project(p) for p in projects]


def project_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The organisations the projects name: lead members, participants, members funding from their own
    funds, and the organisations of the experts who review them."""
    projects = Project.objects.filter(alliance=alliance)
    codes = set(projects.values_list("lead__uscc", flat=True))
    codes |= set(projects.values_list("participants__organisation__uscc", flat=True))
    codes |= set(projects.values_list("funding__organisation__uscc", flat=True))
    codes |= set(projects.values_list("review_rounds__assignments__expert__organisation__uscc", flat=True))
    codes.discard(None)  # type: ignore[arg-type]
    return codes


PROJECTS = Section(
    name=NAME,
    since="1.5",
    item=ProjectDoc,
    label=_("Projects"),
    description=(
        "R&D projects (Art. 5; goals and task division, Art. 8(2)) with their history, goals, participants "
        "and committed resources, funding sources on the book's funds, milestones with evidence (files as "
        "base64) and mid-term and acceptance reviews."
    ),
    export=export_projects,
    organisations=project_organisations,
    check=project_problems,
    load=import_projects,
    kinds=KINDS,
)
