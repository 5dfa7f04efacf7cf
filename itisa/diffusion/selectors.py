"""What the viewer may see of diffusion and the catalogue, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.diffusion.choices import Licensing, ListingStatus, ObligationStatus
from itisa.diffusion.models import ContactMessage, Diffusion, Listing, Obligation, SearchDoc
from itisa.diffusion.rules import compile_query
from itisa.diffusion.search import Filters, search
from itisa.registry.models import Alliance
from itisa.results.choices import ResultKind
from itisa.results.models import Owner
from itisa.results.permissions import sees_register

ARISE_CLOCK = "diffusion.obligation.arise"
OVERDUE_CLOCK = "diffusion.obligation.overdue"
STATUSES = [s.value for s in ObligationStatus]


def _settle(**lookups: Any) -> None:
    clocks.settle(ARISE_CLOCK, **lookups)
    clocks.settle(OVERDUE_CLOCK, **lookups)


def _scoped(user: Any, qs: QuerySet[Obligation], alliance: Alliance | None) -> QuerySet[Obligation]:
    s = role_summary(user)
    if s.national or (alliance is not None and sees_register(user, alliance)):
        return qs
    if s.departments:
        return qs.filter(department__in=s.departments)
    return qs.none()


def obligations_of(
    user: Any, alliance: Alliance, *, status: str = "", department: str = ""
) -> QuerySet[Obligation]:
    """The alliance's obligations the viewer may see (a fund supervisor: their departments'), settled
    first (obligations that arose, deadlines that passed), by deadline."""
    _settle(alliance_id=alliance.pk)
    qs = _scoped(user, Obligation.objects.filter(alliance=alliance), alliance)
    return _filtered(qs, status=status, department=department)


def obligations_overview(
    user: Any, *, status: str = "", department: str = "", alliance: str = ""
) -> QuerySet[Obligation]:
    """Every alliance's obligations the viewer may see: the national office all, a fund supervisor their
    departments'. Settled first."""
    _settle()
    qs = _scoped(user, Obligation.objects.all(), None)
    if alliance:
        qs = qs.filter(alliance__code=alliance)
    return _filtered(qs, status=status, department=department)


def _filtered(qs: QuerySet[Obligation], *, status: str, department: str) -> QuerySet[Obligation]:
    if status in STATUSES:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(department=department)
    return qs.select_related("alliance", "result__project", "agreement").order_by(
        "deadline", "alliance_id", "pk"
    )


@dataclass(frozen=True)
class Tally:
    """Obligations of one alliance or department by status."""

    key: str
    label: str
    open: int
    met: int
    overdue: int
    met_late: int

    @property
    def total(self) -> int:
        return self.open + self.met + self.overdue + self.met_late

    @property
    def compliance(self) -> int | None:
        """Per cent of the obligations past or met that were met in time (None with none due yet)."""
        due = self.met + self.overdue + self.met_late
        return None if due == 0 else round(100 * self.met / due)


def tallies(qs: QuerySet[Obligation], *, by: str) -> list[Tally]:
    """The obligations counted by status per alliance (``by="alliance"``) or department, in one query."""
    key = "alliance__code" if by == "alliance" else "department"
    label = "alliance__name_zh" if by == "alliance" else "department"
    rows = (
        qs.order_by()
        .values(key, label)
        .annotate(**{s: Count("pk", filter=Q(status=s)) for s in STATUSES})
        .order_by(key)
    )
    return [Tally(r[key], r[label], r["open"], r["met"], r["overdue"], r["met_late"]) for r in rows]


def departments_visible(user: Any) -> list[str]:
    """The departments whose report the viewer may open."""
    s = role_summary(user)
    if s.national:
        return list(Obligation.objects.order_by("department").values_list("department", flat=True).distinct())
    return sorted(s.departments)


def diffusions_of(result_ids: list[int]) -> dict[int, list[Diffusion]]:
    """The recorded diffusions of these results, in one query."""
    found: dict[int, list[Diffusion]] = {}
    for d in Diffusion.objects.filter(result_id__in=result_ids).order_by("on", "pk"):
        found.setdefault(d.result_id, []).append(d)
    return found


# the catalogue ------------------------------------------------------------------------------------


def listings_of(user: Any, alliance: Alliance, *, status: str = "", q: str = "") -> QuerySet[Listing]:
    """The alliance's catalogue entries for its people (the secretariat moderates them)."""
    if not sees_register(user, alliance):
        return Listing.objects.none()
    qs = Listing.objects.filter(alliance=alliance).select_related("result")
    if status in ListingStatus.values:
        qs = qs.filter(status=status)
    text = q.strip()
    if text:
        qs = qs.filter(Q(result__code__icontains=text) | Q(result__title_zh__icontains=text)
                       | Q(result__title_en__icontains=text))  # fmt: skip
    return qs.order_by("-result__code")


def messages_of(user: Any, alliance: Alliance) -> QuerySet[ContactMessage]:
    if not sees_register(user, alliance):
        return ContactMessage.objects.none()
    return ContactMessage.objects.filter(listing__alliance=alliance).select_related("listing__result")


@dataclass(frozen=True)
class Hit:
    """One published entry as the catalogue shows it (plain values: no model is built per row)."""

    seq: int
    alliance: str
    result: str
    kind: str
    title_zh: str
    title_en: str
    abstract_zh: str
    abstract_en: str
    keywords: str
    number: str
    owners: list[str]
    industry: str
    province: str
    licensing: str
    published_at: dt.datetime

    @property
    def kind_label(self) -> str:
        return str(ResultKind(self.kind).label) if self.kind in ResultKind.values else self.kind


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    total: int
    capped: bool


HIT_FIELDS = ("id", "alliance_code", "result_code", "kind", "title_zh", "title_en", "industry", "province",
              "licensed_until", "exclusive_until", "published_at", "listing__abstract_zh", "listing__abstract_en",
              "listing__keywords", "listing__show_owners", "listing__show_number", "listing__result__number",
              "listing__result__ownership_id")  # fmt: skip


def _status(licensed: dt.date | None, exclusive: dt.date | None, today: dt.date) -> str:
    if exclusive and exclusive >= today:
        return Licensing.EXCLUSIVE
    if licensed and licensed >= today:
        return Licensing.LICENSED
    return Licensing.AVAILABLE


def hits(docs: QuerySet[SearchDoc], today: dt.date) -> dict[int, Hit]:
    """The hits of these search rows by id: one query for them, one for the owners shown (if any)."""
    rows = list(docs.values(*HIT_FIELDS))
    records = [r["listing__result__ownership_id"] for r in rows if r["listing__show_owners"]]
    owners: dict[int, list[str]] = {}
    if any(records):
        for record, name in (Owner.objects.filter(record_id__in=[r for r in records if r])
                             .order_by("record_id", "-share", "organisation__uscc")
                             .values_list("record_id", "organisation__name_zh")):  # fmt: skip
            owners.setdefault(record, []).append(name)
    return {
        r["id"]: Hit(
            seq=r["id"],
            alliance=r["alliance_code"],
            result=r["result_code"],
            kind=r["kind"],
            title_zh=r["title_zh"],
            title_en=r["title_en"],
            abstract_zh=r["listing__abstract_zh"],
            abstract_en=r["listing__abstract_en"],
            keywords=r["listing__keywords"],
            number=r["listing__result__number"] if r["listing__show_number"] else "",
            owners=owners.get(r["listing__result__ownership_id"], []) if r["listing__show_owners"] else [],
            industry=r["industry"],
            province=r["province"],
            licensing=_status(r["licensed_until"], r["exclusive_until"], today),
            published_at=r["published_at"],
        )  # fmt: skip
        for r in rows
    }


def catalogue_search(q: str, *, filters: Filters, page: int = 1, per_page: int = 20,
                     today: dt.date | None = None) -> Found:  # fmt: skip
    """One page of the public catalogue for a query and filters, in three or four queries whatever the page
    size (count, ids, rows, owners)."""
    today = today or timezone.localdate()
    result = search(compile_query(q), filters=filters, today=today, limit=per_page,
                    offset=(max(page, 1) - 1) * per_page)  # fmt: skip
    found = hits(SearchDoc.objects.filter(pk__in=result.ids), today) if result.ids else {}
    return Found([found[pk] for pk in result.ids], result.total, result.capped)


def public_listing(alliance_code: str, result_code: str) -> Listing:
    """A published entry by its alliance's and result's codes; NotFound otherwise."""
    owners = Owner.objects.select_related("organisation").order_by("-share", "organisation__uscc")
    listing = (
        Listing.objects.select_related("result__ownership", "alliance")
        .prefetch_related(Prefetch("result__ownership__owners", queryset=owners))
        .filter(alliance__code=alliance_code, result__code=result_code, status=ListingStatus.PUBLISHED)
        .first()
    )
    if listing is None:
        raise NotFound(_("No such entry in the catalogue."))
    return listing


def licensing_status(doc: SearchDoc, today: dt.date) -> str:
    return _status(doc.licensed_until, doc.exclusive_until, today)


def item(hit: Hit) -> dict[str, Any]:
    """One entry as open data (stable schema, docs/catalogue.md)."""
    return {
        "id": f"{hit.alliance}/{hit.result}", "alliance": hit.alliance, "result": hit.result, "kind": hit.kind,
        "title_zh": hit.title_zh, "title_en": hit.title_en, "abstract_zh": hit.abstract_zh,
        "abstract_en": hit.abstract_en, "keywords": hit.keywords, "number": hit.number, "owners": hit.owners,
        "industry": hit.industry, "province": hit.province, "licensing": hit.licensing,
        "published_at": hit.published_at.isoformat(),
    }  # fmt: skip


def open_data_rows(*, after: int = 0, limit: int = 1000) -> list[tuple[int, dict[str, Any]]]:
    """The published catalogue as open data rows with their sequence, from ``after``, two queries a batch."""
    found = hits(SearchDoc.objects.filter(pk__gt=after).order_by("pk")[:limit], timezone.localdate())
    return [(seq, item(found[seq])) for seq in sorted(found)]
