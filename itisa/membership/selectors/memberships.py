"""Reads of memberships, scoped through the alliance the viewer may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.membership.clocks import EXIT_DUE
from itisa.membership.models import Membership
from itisa.registry.models import Alliance
from itisa.registry.selectors import alliances_visible_to

RANK_ORDER = {"chair": 0, "vice_chair": 1, "council": 2, "ordinary": 3}


def members_of(user: Any, alliance: Alliance, *, include_past: bool = False) -> QuerySet[Membership]:
    """An alliance's members (active only unless ``include_past``), organisation joined, by rank.

    Members whose notice of exit has run (dues settled) leave first, so the list is right on the day.
    """
    if not alliances_visible_to(user).filter(pk=alliance.pk).exists():
        return Membership.objects.none()
    clocks.settle(EXIT_DUE, membership__alliance=alliance)
    qs = Membership.objects.filter(alliance=alliance).select_related("organisation")
    if not include_past:
        qs = qs.active()
    order = Case(*[When(rank=k, then=Value(v)) for k, v in RANK_ORDER.items()], output_field=IntegerField())
    # a named annotation so that keyset (cursor) pagination can order and resume on it
    return qs.annotate(rank_order=order).order_by("rank_order", "organisation__name_zh", "pk")


def memberships_of_organisation(user: Any, organisation_id: int) -> QuerySet[Membership]:
    """The memberships of an organisation in alliances the viewer may see, newest first."""
    return (
        Membership.objects.filter(organisation_id=organisation_id, alliance__in=alliances_visible_to(user))
        .select_related("alliance")
        .order_by("-joined_on", "-pk")
    )


def membership_get(user: Any, membership_id: int) -> Membership | None:
    """The membership with this id if the viewer may see its alliance."""
    return (
        Membership.objects.select_related("alliance", "organisation")
        .filter(pk=membership_id, alliance__in=alliances_visible_to(user))
        .first()
    )


def access_membership(user: Any, membership_id: int, *, alliance: Alliance | None = None) -> Membership:
    """Find and check: the membership (of ``alliance`` when given) in an alliance the viewer may see.

    NotFound whether it is missing, in another alliance or in one the viewer may not see.
    """
    membership = membership_get(user, membership_id)
    if membership is None or (alliance is not None and membership.alliance_id != alliance.pk):
        raise NotFound(_("No such membership."))
    return membership
