"""Reads of bodies, seats, rules, staff and the liability member, scoped through the alliance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from itisa.governance.choices import BodyKind
from itisa.governance.models import Body, LiabilityDesignation, RuleSet, Seat, StaffMember
from itisa.governance.permissions import can_view_governance
from itisa.registry.models import Alliance

# decision, advisory, executive: the order of Art. 8(3)
KIND_ORDER = Case(
    When(kind=BodyKind.DECISION, then=Value(0)),
    When(kind=BodyKind.ADVISORY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def current_seats_q(on: dt.date) -> Q:
    return Q(term_start__lte=on) & (Q(term_end__isnull=True) | Q(term_end__gte=on))


def bodies_of(user: Any, alliance: Alliance, *, on: dt.date | None = None) -> QuerySet[Body]:
    """The alliance's bodies with their current seats and rule versions (newest first) prefetched."""
    if not can_view_governance(user, alliance):
        return Body.objects.none()
    on = on or timezone.localdate()
    seats = (
        Seat.objects.filter(current_seats_q(on))
        .select_related("organisation", "representative")
        .order_by("role", "holder_name", "pk")
    )
    return (
        Body.objects.filter(alliance=alliance)
        .prefetch_related(Prefetch("seats", queryset=seats, to_attr="current_seats"), "rule_sets")
        .annotate(kind_order=KIND_ORDER)
        .order_by("kind_order", "pk")
    )


def body_get(user: Any, alliance: Alliance, pk: int) -> Body | None:
    return bodies_of(user, alliance).filter(pk=pk).first()


def current_rules(body: Body) -> RuleSet | None:
    """The newest rule version (uses the prefetch when there is one)."""
    sets = list(body.rule_sets.all())
    return max(sets, key=lambda s: s.version) if sets else None


def staff_of(user: Any, alliance: Alliance, *, include_past: bool = False) -> QuerySet[StaffMember]:
    if not can_view_governance(user, alliance):
        return StaffMember.objects.none()
    qs = StaffMember.objects.filter(alliance=alliance).select_related("employer")
    if not include_past:
        today = timezone.localdate()
        qs = qs.filter(Q(until__isnull=True) | Q(until__gte=today), since__lte=today)
    return qs.order_by("-full_time", "since", "pk")


def liability_member(alliance: Alliance) -> LiabilityDesignation | None:
    """The latest designation of the member bearing external liability (unscoped: public record)."""
    return (
        LiabilityDesignation.objects.filter(alliance=alliance, since__lte=timezone.localdate())
        .select_related("organisation")
        .order_by("-since", "-pk")
        .first()
    )


@dataclass(frozen=True)
class GovernanceFacts:
    """What Article 8(3) asks, at a glance: the three kinds of body, full-time executive staff, liability."""

    kinds: frozenset[str]
    full_time_staff: int
    liability: LiabilityDesignation | None

    @property
    def has_all_kinds(self) -> bool:
        return {BodyKind.DECISION, BodyKind.ADVISORY, BodyKind.EXECUTIVE} <= self.kinds


def governance_facts(alliance: Alliance) -> GovernanceFacts:
    today = timezone.localdate()
    kinds = frozenset(Body.objects.filter(alliance=alliance).values_list("kind", flat=True))
    full_time = (
        StaffMember.objects.filter(alliance=alliance, full_time=True, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .count()
    )
    return GovernanceFacts(kinds, full_time, liability_member(alliance))
