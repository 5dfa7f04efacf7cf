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
from itisa.diffusion.choices import ListingStatus, ObligationStatus
from itisa.diffusion.models import ContactMessage, Diffusion, Listing, Obligation, SearchDoc
from itisa.diffusion.rules import compile_query
from itisa.diffusion.search import Filters, search
from itisa.registry.models import Alliance
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
    doc: SearchDoc
    listing: Listing
    owners: list[str]


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    total: int
    capped: bool


def _public_listings() -> QuerySet[Listing]:
    owners = Owner.objects.select_related("organisation").order_by("-share", "organisation__uscc")
    return Listing.objects.select_related("result__ownership", "alliance").prefetch_related(
        Prefetch("result__ownership__owners", queryset=owners)
    )


def catalogue_search(q: str, *, filters: Filters, page: int = 1, per_page: int = 20,
                     today: dt.date | None = None) -> Found:  # fmt: skip
    """One page of the public catalogue for a query and filters: the search rows and their entries, in three
    queries whatever the page size (count, ids, rows)."""
    today = today or timezone.localdate()
    result = search(compile_query(q), filters=filters, today=today, limit=per_page,
                    offset=(max(page, 1) - 1) * per_page)  # fmt: skip
    docs = {d.pk: d for d in SearchDoc.objects.filter(pk__in=result.ids)}
    listings = {
        lst.pk: lst for lst in _public_listings().filter(pk__in=[d.listing_id for d in docs.values()])
    }
    hits = []
    for pk in result.ids:
        doc = docs[pk]
        listing = listings[doc.listing_id]
        owners = ([o.organisation.name_zh for o in listing.result.ownership.owners.all()]
                  if listing.show_owners and listing.result.ownership else [])  # fmt: skip
        hits.append(Hit(doc, listing, owners))
    return Found(hits, result.total, result.capped)


def public_listing(alliance_code: str, result_code: str) -> Listing:
    """A published entry by its alliance's and result's codes; NotFound otherwise."""
    listing = (
        _public_listings()
        .filter(alliance__code=alliance_code, result__code=result_code, status=ListingStatus.PUBLISHED)
        .first()
    )
    if listing is None:
        raise NotFound(_("No such entry in the catalogue."))
    return listing


def licensing_status(doc: SearchDoc, today: dt.date) -> str:
    from itisa.diffusion.choices import Licensing

    if doc.exclusive_until and doc.exclusive_until >= today:
        return Licensing.EXCLUSIVE
    if doc.licensed_until and doc.licensed_until >= today:
        return Licensing.LICENSED
    return Licensing.AVAILABLE


def item(doc: SearchDoc, listing: Listing, today: dt.date) -> dict[str, Any]:
    """One entry as open data (stable schema, docs/catalogue.md); ``seq`` orders the export."""
    result = listing.result
    owners = ([o.organisation.name_zh for o in result.ownership.owners.all()]
              if listing.show_owners and result.ownership else [])  # fmt: skip
    return {
        "id": f"{doc.alliance_code}/{doc.result_code}", "seq": doc.pk, "alliance": doc.alliance_code,
        "result": doc.result_code, "kind": doc.kind, "title_zh": doc.title_zh, "title_en": doc.title_en,
        "abstract_zh": listing.abstract_zh, "abstract_en": listing.abstract_en, "keywords": listing.keywords,
        "number": result.number if listing.show_number else "", "owners": owners, "industry": doc.industry,
        "province": doc.province, "licensing": licensing_status(doc, today),
        "published_at": doc.published_at.isoformat(),
    }  # fmt: skip


def open_data_rows(*, after: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
    """The published catalogue as open data rows, by ``seq`` from ``after``, in two queries a batch."""
    today = timezone.localdate()
    docs = list(SearchDoc.objects.filter(pk__gt=after).order_by("pk")[:limit])
    listings = {lst.pk: lst for lst in _public_listings().filter(pk__in=[d.listing_id for d in docs])}
    return [item(d, listings[d.listing_id], today) for d in docs]
