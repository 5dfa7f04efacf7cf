"""Reads of the registry, scoped to what the viewer may see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.core.queries import KeysetRecords, Prepared, keyset_after
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation


def _visibility(user: Any) -> tuple[bool, tuple[str, ...], tuple[str, ...], tuple[int, ...]]:
    """What scopes the viewer's alliances: national, provinces, industries, alliances with a role."""
    s = role_summary(user)
    if s.national:
        return True, (), (), ()
    return False, tuple(sorted(s.provinces)), tuple(sorted(s.industries)), tuple(sorted(s.alliance_roles))


def _visible_q(
    national: bool, provinces: tuple[str, ...], industries: tuple[str, ...], alliance_ids: tuple[int, ...]
) -> Q:
    if national:
        return Q()
    q = ~Q(status=AllianceStatus.FORMING)
    if provinces:
        q |= Q(scope=AllianceScope.REGIONAL, province__in=provinces)
    if industries:
        q |= Q(industry__in=industries)
    if alliance_ids:
        q |= Q(pk__in=alliance_ids)
    return q


def _visible_alliance_q(user: Any) -> Q:
    return _visible_q(*_visibility(user))


def alliances_visible_to(user: Any) -> QuerySet[Alliance]:
    """Every alliance the viewer may see (see permissions.can_view_alliance), host unit joined."""
    return Alliance.objects.filter(_visible_alliance_q(user)).select_related("host_unit")


@dataclass(frozen=True)
class AllianceFilters:
    """Search and filters of the alliance list."""

    q: str = ""
    status: str = ""
    scope: str = ""
    province: str = ""
    key_area: str = ""
    emerging_industry: str = ""
    industry: str = ""


_FILTER_FIELDS = ("status", "scope", "province", "key_area", "emerging_industry", "industry")


def _searched(qs: QuerySet[Alliance], term: str | None, *values: str | None) -> QuerySet[Alliance]:
    """``qs`` narrowed by the search text and the filters (``_FILTER_FIELDS``); None leaves one out."""
    if term is not None:
        qs = qs.filter(
            Q(code__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(name_en__icontains=term)
            | Q(short_name_zh__icontains=term)
            | Q(short_name_en__icontains=term)
        )
    for field, value in zip(_FILTER_FIELDS, values, strict=True):
        if value is not None:
            qs = qs.filter(**{field: value})
    return qs


def _search_values(filters: AllianceFilters) -> tuple[str | None, ...]:
    return (filters.q.strip() or None, *(getattr(filters, f) or None for f in _FILTER_FIELDS))


def alliance_search(user: Any, filters: AllianceFilters) -> QuerySet[Alliance]:
    """Search by code or Chinese/English name and filter; ordered by code."""
    return _searched(alliances_visible_to(user), *_search_values(filters)).order_by("code")


def alliance_get(user: Any, code: str) -> Alliance | None:
    """The alliance with this short code if the viewer may see it."""
    return alliances_visible_to(user).filter(code=code.strip().upper()).first()


def access_alliance(user: Any, code: str, *, need: Need | Sequence[Need] = ()) -> Alliance:
    """Find and check in one call (as Zulip's ``access_stream_by_id``): the alliance the viewer may see, or NotFound.

    A missing alliance and one the viewer may not see give the same NotFound, so a code never tells
    whether a hidden alliance exists. ``need`` is a permission predicate ``(user, alliance) -> Decision``
    (or several, checked in order) for what the caller is about to do; a visible alliance it refuses
    raises PermissionDenied with the reason. Views (``ui.pages.login_redirect``: 404, login or 403),
    the API (one error shape: 404 or 403) and commands use it alike.
    """
    alliance = alliance_get(user, code)
    if alliance is None:
        raise NotFound(_("No alliance with the code %(code)s.") % {"code": code})
    demand(user, alliance, need)
    return alliance


# The API's record of an alliance: its fields, the host unit by its credit code (``schemas.AllianceOut``).
ALLIANCE_RECORD_FIELDS = (
    "code", "name_zh", "name_en", "short_name_zh", "short_name_en", "key_area", "emerging_industry",
    "industry", "scope", "province", "founded_on", "host_unit__uscc", "website", "status",
)  # fmt: skip
_RECORD_KEYS = tuple(f.removesuffix("__uscc") for f in ALLIANCE_RECORD_FIELDS)

# compiled once per shape of the viewer's scope: the request pays the query, not the ORM's compiling
_alliance_record = Prepared(
    lambda national, provinces, industries, alliance_ids, code: (
        Alliance.objects.filter(_visible_q(national, provinces, industries, alliance_ids), code=code)
        .order_by()
        .values_list(*ALLIANCE_RECORD_FIELDS)[:1]
    )
)


_RECORD_ORDER = ("code", "pk")
_alliance_records = Prepared(
    lambda limit, national, provinces, industries, alliance_ids, after, *search: (
        _searched(Alliance.objects.filter(_visible_q(national, provinces, industries, alliance_ids)), *search)
        .filter(keyset_after(_RECORD_ORDER, after) if after is not None else Q())
        .order_by(*_RECORD_ORDER)
        .values_list("pk", *ALLIANCE_RECORD_FIELDS)[:limit]
    )
)


def alliance_records(user: Any, filters: AllianceFilters) -> KeysetRecords:
    """``alliance_search`` as records for the API's pages (``alliance_record``'s keys and ``pk``), by code.

    Each page is one prepared query (the search text, which the ORM rewrites for ``icontains``, goes
    through the ORM).
    """
    scope = _visibility(user)
    search = _search_values(filters)

    def fetch(after: tuple[Any, ...] | None, limit: int) -> list[dict[str, Any]]:
        rows = _alliance_records.rows(*scope, after, *search, fixed=(limit,))
        return [dict(zip(("pk", *_RECORD_KEYS), row, strict=True)) for row in rows]

    return KeysetRecords(order=_RECORD_ORDER, fetch=fetch)


def alliance_record(user: Any, code: str) -> dict[str, Any]:
    """The record of the alliance with this code if the viewer may see it, else NotFound (as ``access_alliance``).

    A dict of ``ALLIANCE_RECORD_FIELDS`` (``host_unit`` is the host unit's credit code or None), read with
    the same visibility filter as ``alliances_visible_to`` in one prepared query.
    """
    rows = _alliance_record.rows(*_visibility(user), code.strip().upper())
    if not rows:
        raise NotFound(_("No alliance with the code %(code)s.") % {"code": code})
    return dict(zip(_RECORD_KEYS, rows[0], strict=True))


def alliance_history(alliance: Alliance) -> QuerySet[AllianceStatusChange]:
    """The status history, oldest first."""
    return alliance.status_changes.select_related("by").order_by("at", "pk")


def _public_member_q() -> Q:
    # a membership, past or present, of an alliance past forming (reverse relation; no import of membership)
    public = Alliance.objects.filter(memberships__organisation=OuterRef("pk")).exclude(
        status=AllianceStatus.FORMING
    )
    hosted = Alliance.objects.filter(host_unit=OuterRef("pk")).exclude(status=AllianceStatus.FORMING)
    return Q(Exists(public)) | Q(Exists(hosted))


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Role holders see the registry; the public sees members and host units of public alliances. (An
    application names an organisation by a credit code anyone can type: applying gives no sight of it.)"""
    s = role_summary(user)
    qs = Organisation.objects.select_related("legal_representative")
    if s.has_any_role:
        return qs
    return qs.filter(_public_member_q())


def organisation_search(
    user: Any, *, q: str = "", kind: str = "", province: str = ""
) -> QuerySet[Organisation]:
    """Search organisations by name or credit code, with filters."""
    qs = organisations_visible_to(user)
    term = q.strip()
    if term:
        qs = qs.filter(
            Q(name_zh__icontains=term) | Q(name_en__icontains=term) | Q(uscc__icontains=term.upper())
        )
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    return qs.order_by("name_zh", "pk")


def organisation_get(user: Any, uscc: str) -> Organisation | None:
    """The organisation with this credit code if the viewer may see it."""
    return organisations_visible_to(user).filter(uscc=uscc.strip().upper()).first()


def access_organisation(user: Any, uscc: str) -> Organisation:
    """The organisation the viewer may see, or NotFound whether it is missing or hidden (see access_alliance)."""
    org = organisation_get(user, uscc)
    if org is None:
        raise NotFound(_("No organisation with the credit code %(uscc)s.") % {"uscc": uscc})
    return org


def active_alliance_ids_of(org: Organisation) -> set[int]:
    """Alliances the organisation is an active member of (reverse relation; no import of membership)."""
    return set(org.memberships.active().values_list("alliance_id", flat=True))  # type: ignore[attr-defined]


def is_public_member(org: Organisation) -> bool:
    """Whether the organisation is a member or host unit of an alliance that is past forming."""
    return Organisation.objects.filter(pk=org.pk).filter(_public_member_q()).exists()
