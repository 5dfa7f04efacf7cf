"""Partner search (issue 22, item 4): the public capability profiles of organisations.

Only what the public already sees elsewhere is shown: an organisation is found when it is an active
member of at least one public alliance (``registry.selectors.alliances_visible_to(None)``: never a
forming one), and its row names only those public alliances. Shared platforms are left out: they are
seen by the alliance's people only (``platforms.permissions.can_view_platforms``). Open results are the
published catalogue entries that show their owners (``diffusion``'s public catalogue) of public alliances,
counted for each current owner.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.diffusion.choices import ListingStatus
from itisa.diffusion.models import Listing
from itisa.membership.models import Membership
from itisa.registry.choices import AllianceStatus
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import alliances_visible_to


@dataclass(frozen=True)
class PartnerFilters:
    """Search text (a Chinese or English name fragment) and filters of the partner search."""

    q: str = ""
    industry: str = ""
    province: str = ""
    kind: str = ""


def public_alliances() -> QuerySet[Alliance]:
    """The alliances anyone may see: every alliance past forming."""
    return alliances_visible_to(None)


def _public_memberships() -> QuerySet[Membership]:
    return Membership.objects.active().filter(alliance__in=public_alliances().values("pk"))


def _catalogue_entries() -> Subquery:
    """The number of published catalogue entries of public alliances that name the organisation as an owner."""
    entries = (
        Listing.objects.filter(
            status=ListingStatus.PUBLISHED,
            show_owners=True,
            alliance__in=public_alliances().values("pk"),
            result__ownership__owners__organisation=OuterRef("pk"),
        )
        .order_by()
        .values("result__ownership__owners__organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(entries, output_field=IntegerField())


def partner_search(filters: PartnerFilters) -> QuerySet[Organisation]:
    """Organisations with an active membership of a public alliance, by Chinese name, with their public
    alliances (``public_memberships``, by alliance code) and ``catalogue_entries``; three queries a page
    (count, rows, memberships) whatever its length."""
    members = _public_memberships()
    qs = Organisation.objects.filter(Exists(members.filter(organisation=OuterRef("pk"))))
    term = filters.q.strip()
    if term:
        qs = qs.filter(Q(name_zh__icontains=term) | Q(name_en__icontains=term))
    for field in ("industry", "province", "kind"):
        value = getattr(filters, field)
        if value:
            qs = qs.filter(**{field: value})
    shown = members.select_related("alliance").order_by("alliance__code", "pk")
    return (
        qs.annotate(catalogue_entries=Coalesce(_catalogue_entries(), Value(0)))
        .prefetch_related(Prefetch("memberships", queryset=shown, to_attr="public_memberships"))
        .order_by("name_zh", "pk")
    )


def invitable_alliances(viewer: object) -> QuerySet[Alliance]:
    """The alliances whose secretariat ``viewer`` is and which admit members (forming ones included): those it
    may invite a found organisation to apply to (``membership.permissions.can_invite_to_join``)."""
    ids = role_summary(viewer).alliances_with(Role.SECRETARIAT)
    return (
        Alliance.objects.filter(pk__in=ids)
        .exclude(status__in=[AllianceStatus.DISSOLVED, AllianceStatus.SUSPENDED])
        .order_by("code")
    )


def invitable_among(viewer: object, organisations: list[Organisation]) -> set[int] | None:
    """Which of ``organisations`` (a page of the search) ``viewer`` may invite to apply: those not yet
    active members of every alliance it may invite to (one query, whatever the page's length); ``None``
    when the viewer may invite to no alliance at all."""
    alliances = set(invitable_alliances(viewer).values_list("pk", flat=True))
    if not alliances:
        return None
    member_of: dict[int, set[int]] = {}
    for org_id, alliance_id in (
        Membership.objects.active()
        .filter(organisation__in=[o.pk for o in organisations], alliance_id__in=alliances)
        .values_list("organisation_id", "alliance_id")
    ):
        member_of.setdefault(org_id, set()).add(alliance_id)
    return {o.pk for o in organisations if alliances - member_of.get(o.pk, set())}


def invitable_partner(uscc: str) -> Organisation | None:
    """The organisation ``uscc`` if the partner search shows it (a member of a public alliance)."""
    return partner_search(PartnerFilters()).filter(uscc=uscc).first()
