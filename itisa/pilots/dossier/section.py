"""The pilot program's section of the alliance dossier: ``pilot_applications`` (since format 1.3).

Registered with ``itisa.dossier.extensions`` when the app is ready (the dossier sits below the pilot
program and cannot import it). Export is deterministic like the rest of the dossier: applications by
their call (opens_on, title_zh), history rows in the order they happened, materials by code,
recommendations by (at, recommender), reviews by (assigned_at, expert name, organisation); timestamps
in UTC, no database ids. Expert reviews travel only when ``include_restricted`` (the national office
and the command line). The cross-checks are in ``pilots.dossier.checks``, the import in ``pilots.dossier.importer``.
See docs/dossier.md, "Pilot program (since 1.3)".
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from itisa.dossier.extensions import Section
from itisa.pilots.choices import ApplicationStatus, CallScope
from itisa.pilots.dossier.checks import pilot_problems
from itisa.pilots.dossier.importer import KINDS, import_pilot_applications
from itisa.pilots.dossier.schemas import PilotApplicationDoc
from itisa.pilots.models import Application, ApplicationStatusChange, Assignment
from itisa.registry.models import Alliance

NAME = "pilot_applications"


def _at(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _content(file: FieldFile) -> str | None:
    """The stored file as base64; None when there is none (or it is gone from storage, which the import
    then refuses: an uploaded material must carry its content)."""
    if not file or not file.name:
        return None
    try:
        with file.storage.open(file.name, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return base64.b64encode(data).decode()


def _call(application: Application) -> dict[str, Any]:
    call = application.call
    return {
        "title_zh": call.title_zh,
        "title_en": call.title_en,
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat(),
        "rules": call.rules,
        "materials": call.materials,
        "max_pilots": call.max_pilots,
        "max_cultivation": call.max_cultivation,
        "rubric": call.rubric,
        "status": call.status,
        "published_at": _at(call.published_at),
        "is_demo": call.is_demo,
    }


def _review(assignment: Assignment) -> dict[str, Any]:
    expert = assignment.expert
    review = getattr(assignment, "review", None)
    return {
        "expert": {
            "name": expert.name,
            "organisation": expert.organisation.uscc if expert.organisation else None,
            "specialities": expert.specialities,
        },
        "assigned_at": _at(assignment.assigned_at),
        "scores": review.scores if review else None,
        "comments": review.comments if review else {},
        "summary": review.summary if review else "",
        "total": f"{review.total:.2f}" if review else None,
        "submitted_at": _at(review.submitted_at) if review else None,
    }


def _review_order(assignment: Assignment) -> tuple[dt.datetime, str, str]:
    organisation = assignment.expert.organisation
    return (assignment.assigned_at, assignment.expert.name, organisation.uscc if organisation else "")


def _application(application: Application, *, include_restricted: bool) -> dict[str, Any]:
    history: list[ApplicationStatusChange] = list(application.status_changes.all())
    assignments: list[Assignment] = list(application.assignments.all()) if include_restricted else []
    return {
        "call": _call(application),
        "status": application.status,
        "submitted_at": _at(application.submitted_at),
        "eligibility": application.eligibility,
        "eligible": application.eligible,
        "outcome": application.outcome or None,
        "decision_reasons": application.decision_reasons,
        "decided_at": _at(application.decided_at),
        "pilot_from": _day(application.pilot_from),
        "pilot_until": _day(application.pilot_until),
        "is_demo": application.is_demo,
        "status_history": [
            {
                "at": _at(h.at),
                "old_status": h.old_status or None,
                "new_status": h.new_status,
                "by": h.actor_label or (h.by.get_username() if h.by else None),
                "comment": h.comment,
            }
            for h in sorted(history, key=lambda h: (h.at, h.pk))
        ],
        "materials": [
            {
                "code": m.code,
                "kind": m.kind,
                "original_name": m.original_name,
                "size": m.size,
                "sha256": m.sha256,
                "reference": m.reference,
                "added_at": _at(m.added_at),
                "content": _content(m.file),
            }
            for m in sorted(application.materials.all(), key=lambda m: (m.code, m.added_at))
        ],
        "recommendations": [
            {
                "recommender": r.recommender_label,
                "capacity": r.capacity,
                "letter": r.letter,
                "letter_sha256": r.letter_sha256,
                "letter_content": _content(r.letter_file),
                "at": _at(r.at),
            }
            for r in sorted(application.recommendations.all(), key=lambda r: (r.at, r.recommender_label))
        ],
        "reviews": [_review(a) for a in sorted(assignments, key=_review_order)],
    }


def export_pilot_applications(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every pilot application of the alliance, drafts included, with everything recorded about it."""
    applications = (
        # the national pilot program only: format 1.x has no provincial programme
        Application.objects.filter(alliance=alliance, call__scope=CallScope.NATIONAL)
        .select_related("call")
        .prefetch_related(
            Prefetch("status_changes", queryset=ApplicationStatusChange.objects.select_related("by")),
            "materials",
            "recommendations",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("expert__organisation", "review"),
            ),
        )
    )
    if not include_restricted:
        # an outcome stays with the office until the list is published: a decided application is left out
        applications = applications.exclude(status=ApplicationStatus.DECIDED)
    return [
        _application(a, include_restricted=include_restricted)
        for a in sorted(applications, key=lambda a: (a.call.opens_on, a.call.title_zh))
    ]


def pilot_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The organisations of the experts assigned to the alliance's applications (when reviews travel)."""
    if not include_restricted:
        return set()
    return set(
        Assignment.objects.filter(
            application__alliance=alliance,
            application__call__scope=CallScope.NATIONAL,
            expert__organisation__isnull=False,
        )
        .values_list("expert__organisation__uscc", flat=True)
        .distinct()
    )


PILOT_APPLICATIONS = Section(
    name=NAME,
    since="1.3",
    item=PilotApplicationDoc,
    label=_("Pilot applications"),
    description=(
        "applications to calls for pilots (Art. 7, 8) with their call, history, materials (uploaded PDFs "
        "as base64), recommendations and, for the national office only, expert assignments and reviews."
    ),
    export=export_pilot_applications,
    organisations=pilot_organisations,
    check=pilot_problems,
    load=import_pilot_applications,
    kinds=KINDS,
)
