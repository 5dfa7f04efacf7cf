"""The diffusion section of the alliance dossier: ``diffusion`` (since format 1.6).

One item per result that has a catalogue entry, a diffusion obligation or a recorded diffusion, by the
result's code: its entry (what the public sees, its status and publication time), its obligations (granting
department, start, deadline, term, status, day met) and its diffusions (means, day, proof). Timestamps in
UTC, no database ids. The import adds a result's diffusion record when it has none here (after the results
section, which it names by code); one recorded otherwise here is a conflict; a second import writes
nothing. See docs/catalogue.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ConfigDict

from itisa.diffusion.choices import ListingStatus, Means, ObligationStatus
from itisa.diffusion.models import Diffusion, Listing, ListingStatusChange, Obligation, ObligationStatusChange
from itisa.dossier.base import Problem, json_path, raw_items, raw_str
from itisa.dossier.extensions import Section
from itisa.dossier.services._support import Ledger, clean, refuse
from itisa.registry.models import Alliance, Organisation
from itisa.results.models import Result

NAME = "diffusion"
KINDS = ("diffusion_record",)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CatalogueEntryDoc(_Strict):
    status: ListingStatus
    abstract_zh: str
    abstract_en: str = ""
    keywords: str = ""
    show_owners: bool = True
    show_number: bool = True
    contact: bool = True
    published_at: dt.datetime | None = None


class ObligationDoc(_Strict):
    department: str
    starts_on: dt.date
    deadline: dt.date
    months: int
    status: ObligationStatus
    met_on: dt.date | None = None


class DiffusionRecordDoc(_Strict):
    means: Means
    on: dt.date
    proof: str = ""


class DiffusionDoc(_Strict):
    """A result's catalogue entry, diffusion obligations and recorded diffusions."""

    result: str
    entry: CatalogueEntryDoc | None = None
    obligations: list[ObligationDoc] = []
    diffusions: list[DiffusionRecordDoc] = []


def _at(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _item(
    result: Result, listing: Listing | None, obligations: list[Obligation], rows: list[Diffusion]
) -> dict[str, Any]:
    return {
        "result": result.code,
        "entry": None if listing is None else {
            "status": listing.status, "abstract_zh": listing.abstract_zh, "abstract_en": listing.abstract_en,
            "keywords": listing.keywords, "show_owners": listing.show_owners, "show_number": listing.show_number,
            "contact": listing.contact, "published_at": _at(listing.published_at),
        },
        "obligations": [
            {"department": o.department, "starts_on": o.starts_on.isoformat(), "deadline": o.deadline.isoformat(),
             "months": o.months, "status": o.status, "met_on": o.met_on.isoformat() if o.met_on else None}
            for o in sorted(obligations, key=lambda o: o.department)
        ],
        "diffusions": [{"means": d.means, "on": d.on.isoformat(), "proof": d.proof}
                       for d in sorted(rows, key=lambda d: (d.on, d.pk))],
    }  # fmt: skip


def _collect(
    alliance: Alliance,
) -> dict[int, tuple[Result, Listing | None, list[Obligation], list[Diffusion]]]:
    listings = {x.result_id: x for x in Listing.objects.filter(alliance=alliance)}
    obligations: dict[int, list[Obligation]] = {}
    for o in Obligation.objects.filter(alliance=alliance):
        obligations.setdefault(o.result_id, []).append(o)
    rows: dict[int, list[Diffusion]] = {}
    for d in Diffusion.objects.filter(result__alliance=alliance):
        rows.setdefault(d.result_id, []).append(d)
    ids = set(listings) | set(obligations) | set(rows)
    results = Result.objects.filter(pk__in=ids).only("pk", "code")
    return {r.pk: (r, listings.get(r.pk), obligations.get(r.pk, []), rows.get(r.pk, [])) for r in results}


def export_diffusion(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every result of the alliance with a catalogue entry, an obligation or a diffusion, by code."""
    items = [_item(*parts) for parts in _collect(alliance).values()]
    return sorted(items, key=lambda i: (len(i["result"]), i["result"]))


def diffusion_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    return set()


def diffusion_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """A result once; its deadlines on or after their starts."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in raw_items(data, NAME):
        code = raw_str(item, "result")
        if code in seen:
            problems.append(
                Problem(
                    json_path((NAME, i, "result")), _("The result %(code)s appears twice.") % {"code": code}
                )
            )
        seen.add(code)
        for j, ob in enumerate(item.get("obligations") or []):
            if isinstance(ob, dict) and str(ob.get("deadline") or "") < str(ob.get("starts_on") or ""):
                problems.append(Problem(json_path((NAME, i, "obligations", j, "deadline")),
                                        _("The deadline is on or after the start.")))  # fmt: skip
    return problems


def import_diffusion(
    ledger: Ledger, *, alliance: Alliance, items: list[DiffusionDoc], orgs: dict[str, Organisation]
) -> None:
    """Add each result's diffusion record when it has none here; one recorded otherwise is a conflict."""
    present = {parts[0].code: parts for parts in _collect(alliance).values()}
    results = {
        r.code: r for r in Result.objects.filter(alliance=alliance, code__in=[d.result for d in items])
    }
    for i, doc in enumerate(items):
        path = json_path((NAME, i))
        wanted = doc.model_dump(mode="json")
        if doc.result in present:
            if DiffusionDoc.model_validate(_item(*present[doc.result])).model_dump(mode="json") != wanted:
                raise refuse(
                    path,
                    _("The diffusion record of %(code)s is recorded otherwise here.") % {"code": doc.result},
                )
            ledger.unchanged("diffusion_record")
            continue
        result = results.get(doc.result)
        if result is None:
            raise refuse(path, _("No result %(code)s in this dossier or here.") % {"code": doc.result})
        sealed: list[Any] = []
        at = timezone.now()
        if doc.entry is not None:
            listing = Listing(alliance=alliance, result=result, **doc.entry.model_dump(exclude={"published_at"}),
                              published_at=doc.entry.published_at)  # fmt: skip
            clean(listing, path)
            listing.save()
            sealed.append(ListingStatusChange.objects.create(listing=listing, new_status=listing.status, by=ledger.by,
                                                             at=at, comment=_("Imported from a dossier.")))  # fmt: skip
            if listing.status == ListingStatus.PUBLISHED:
                from itisa.diffusion.services.catalogue import _index

                _index(listing)
        for ob in doc.obligations:
            obligation = Obligation(alliance=alliance, result=result, **ob.model_dump())
            clean(obligation, path)
            obligation.save()
            sealed.append(ObligationStatusChange.objects.create(obligation=obligation, new_status=obligation.status,
                                                                by=ledger.by, at=at,
                                                                comment=_("Imported from a dossier.")))  # fmt: skip
        for row in doc.diffusions:
            sealed.append(Diffusion.objects.create(result=result, means=row.means, on=row.on, proof=row.proof,
                                                   by=ledger.by, at=at))  # fmt: skip
        ledger.log(result, "diffusion_record", "created", {"result": result.code}, sealed=sealed)


DIFFUSION = Section(
    name=NAME,
    since="1.6",
    item=DiffusionDoc,
    label=gettext_lazy("Diffusion records"),
    description=(
        "Each result's catalogue entry (what the public sees), its diffusion obligations to the granting "
        "departments (Art. 8(6)) and its recorded diffusions; by the result's code."
    ),
    export=export_diffusion,
    organisations=diffusion_organisations,
    check=diffusion_problems,
    load=import_diffusion,
    kinds=KINDS,
)
