"""The results register's sections of the alliance dossier: ``results`` and ``background_ip`` (since
format 1.5).

Registered with ``itisa.dossier.extensions`` when the app is ready (the dossier sits below the results
app and cannot import it), after the projects' section, so that a result names its project by code.
Export is deterministic like the rest of the dossier: results by code; history rows in the order they
happened; funding sources by fund name; contributions, inventors and owners in the order they were
recorded; ownership records by ``seq``; background IP by (organisation, declared_on, at, title_zh).
Timestamps in UTC, no database ids, shares as decimal strings with two places. The dossier's readers
keep the alliance's record, so they get every result, public or not. The cross-checks are in
``results.dossier.checks``, the import in ``results.dossier.importer``. See docs/dossier.md, "Results
(since 1.5)".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from itisa.dossier.extensions import Section
from itisa.registry.models import Alliance
from itisa.results.dossier.checks import background_problems, result_problems
from itisa.results.dossier.importer import BACKGROUND_KINDS, KINDS, import_background, import_results
from itisa.results.dossier.schemas import BackgroundIPDoc, ResultDoc
from itisa.results.models import BackgroundIP, OwnershipRecord, Result, ResultStatusChange


def _at(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _record(record: OwnershipRecord) -> dict[str, Any]:
    motion = record.motion
    return {
        "seq": record.seq,
        "basis": record.basis,
        "agreement": record.agreement.number if record.agreement else None,
        "rule": record.rule,
        "motion": {"body": motion.body.name_zh, "number": motion.number} if motion else None,
        "document_ref": record.document_ref,
        "document_on": _day(record.document_on),
        "reason": record.reason,
        "by": _username(record.by),
        "at": _at(record.at),
        "owners": [
            {"organisation": o.organisation.uscc, "share": f"{o.share:.2f}"}
            for o in sorted(record.owners.all(), key=lambda o: o.pk)
        ],
    }


def _result(result: Result) -> dict[str, Any]:
    return {
        "code": result.code,
        "kind": result.kind,
        "title_zh": result.title_zh,
        "title_en": result.title_en,
        "number": result.number,
        "status": result.status,
        "filed_on": _day(result.filed_on),
        "granted_on": _day(result.granted_on),
        "lapsed_on": _day(result.lapsed_on),
        "project": result.project.code if result.project else None,
        "funding": sorted(f.fund.name_zh for f in result.funding.all()),
        "publicly_funded": result.publicly_funded,
        "public": result.public,
        "is_demo": result.is_demo,
        "status_history": [
            {
                "at": _at(h.at),
                "old_status": h.old_status or None,
                "new_status": h.new_status,
                "by": h.actor_label or _username(h.by),
                "comment": h.comment,
            }
            for h in sorted(result.status_changes.all(), key=lambda h: (h.at, h.pk))
        ],
        "contributions": [
            {"organisation": c.organisation.uscc, "share": f"{c.share:.2f}"}
            for c in sorted(result.contributions.all(), key=lambda c: c.pk)
        ],
        "inventors": [
            {
                "name": i.name,
                "organisation": i.organisation.uscc if i.organisation else None,
                "share": f"{i.share:.2f}",
            }
            for i in sorted(result.inventors.all(), key=lambda i: i.pk)
        ],
        "ownership": [_record(r) for r in sorted(result.ownership_records.all(), key=lambda r: r.seq)],
    }


def export_results(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every result of the alliance with its history, contributions, inventors and every ownership
    record (the same for every reader of the dossier: they keep the alliance's record)."""
    results = (
        Result.objects.filter(alliance=alliance)
        .select_related("project")
        .prefetch_related(
            Prefetch("status_changes", queryset=ResultStatusChange.objects.select_related("by")),
            "funding__fund",
            "contributions__organisation",
            "inventors__organisation",
            Prefetch(
                "ownership_records",
                queryset=OwnershipRecord.objects.select_related(
                    "agreement", "motion__body", "by"
                ).prefetch_related("owners__organisation"),
            ),
        )
        .order_by("code")
    )
    # R100000 follows R99999: by length, then code
    return [_result(r) for r in sorted(results, key=lambda r: (len(r.code), r.code))]


def result_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The organisations the results name: contributors, inventors' organisations and owners."""
    results = Result.objects.filter(alliance=alliance)
    codes = set(results.values_list("contributions__organisation__uscc", flat=True))
    codes |= set(results.values_list("inventors__organisation__uscc", flat=True))
    codes |= set(results.values_list("ownership_records__owners__organisation__uscc", flat=True))
    codes.discard(None)  # type: ignore[arg-type]
    return codes


def export_background(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every background IP declaration made in the alliance."""
    rows = BackgroundIP.objects.filter(alliance=alliance).select_related("organisation", "by")
    items = [
        {
            "organisation": b.organisation.uscc,
            "kind": b.kind,
            "title_zh": b.title_zh,
            "number": b.number,
            "restrictions_zh": b.restrictions_zh,
            "declared_on": b.declared_on.isoformat(),
            "by": b.by.get_username(),
            "at": _at(b.at),
        }
        for b in rows
    ]
    return sorted(items, key=lambda b: (b["organisation"], b["declared_on"], b["at"], b["title_zh"]))


def background_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The members that declared background IP."""
    return set(BackgroundIP.objects.filter(alliance=alliance).values_list("organisation__uscc", flat=True))


RESULTS = Section(
    name="results",
    since="1.5",
    item=ResultDoc,
    label=_("Results"),
    description=(
        "Results of the alliance (Art. 5; ownership agreed in advance, Art. 8(5)) with their status history, "
        "project and funding sources, contributing members, inventors and every ownership record with its "
        "basis and owners' shares."
    ),
    export=export_results,
    organisations=result_organisations,
    check=result_problems,
    load=import_results,
    kinds=KINDS,
)

BACKGROUND_IP = Section(
    name="background_ip",
    since="1.5",
    item=BackgroundIPDoc,
    label=_("Background IP declarations"),
    description="IP the members bring into the alliance, with the restrictions on its use.",
    export=export_background,
    organisations=background_organisations,
    check=background_problems,
    load=import_background,
    kinds=BACKGROUND_KINDS,
)
