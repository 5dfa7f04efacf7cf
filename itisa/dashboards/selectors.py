"""What a dashboard counts: the alliances the viewer follows, and the drill-down list behind every count.

``followed_alliances`` spells ``itisa.indicators.permissions.supervises`` as one queryset: the national
office follows every alliance, a provincial officer the regional alliances of their province(s), an
association or ministry officer the alliances of their industries (GB/T 4754 sections).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.accounts.roles import role_summary
from itisa.diffusion.choices import ObligationStatus
from itisa.diffusion.models import Obligation
from itisa.indicators.models import IndicatorValue
from itisa.pilots.choices import ApplicationStatus, Outcome
from itisa.pilots.models import Application
from itisa.registry.choices import AllianceScope
from itisa.registry.models import Alliance, AllianceStatusChange

# a pilot whose period ends within this many days is "ending" on the dashboard
ENDING_DAYS = 180
PILOT_STATES = ("running", "ending", "ended")
PILOT_LABELS: dict[str, Any] = {
    "running": pgettext_lazy("pilot period", "Running"),
    "ending": _("Period ends within 180 days"),
    "ended": _("Period ended"),
}


def followed_q(user: Any) -> Q | None:
    """The filter of the alliances ``user`` follows (``Q()``: all), or None when they follow none."""
    s = role_summary(user)
    if s.national:
        return Q()
    q = Q(pk__in=[])
    if s.provinces:
        q |= Q(scope=AllianceScope.REGIONAL, province__in=sorted(s.provinces))
    if s.industries:
        q |= Q(industry__in=sorted(s.industries))
    return q if (s.provinces or s.industries) else None


def followed_alliances(user: Any) -> QuerySet[Alliance]:
    """Every alliance the viewer follows as an officer (the same test as ``supervises``); none for others."""
    q = followed_q(user)
    return Alliance.objects.none() if q is None else Alliance.objects.filter(q)


def obligation_state_q(state: str, today: dt.date) -> Q:
    """Obligations in ``state`` as of ``today``: an open one whose deadline passed counts as overdue
    whether or not the diffusion clock has run yet (a read never writes)."""
    late = Q(status=ObligationStatus.OPEN, deadline__lt=today)
    if state == ObligationStatus.OVERDUE:
        return Q(status=ObligationStatus.OVERDUE) | late
    if state == ObligationStatus.OPEN:
        return Q(status=ObligationStatus.OPEN) & ~late
    return Q(status=state)


def published_pilots() -> QuerySet[Application]:
    """Pilot selections that were published (the alliance is a pilot for its period)."""
    return Application.objects.filter(
        status=ApplicationStatus.PUBLISHED, outcome=Outcome.PILOT, pilot_until__isnull=False
    )


def pilot_state_q(state: str, today: dt.date) -> Q:
    """Published pilots whose period has ended, ends within ENDING_DAYS, or runs on beyond that."""
    soon = today + dt.timedelta(days=ENDING_DAYS)
    if state == "ended":
        return Q(pilot_until__lt=today)
    if state == "ending":
        return Q(pilot_until__gte=today, pilot_until__lte=soon)
    return Q(pilot_until__gt=soon)


def ranked_values(
    year: int, code: str, alliances: QuerySet[Alliance] | None, top: int
) -> list[tuple[int, Decimal]]:
    """The ``top`` alliances by the value recorded for ``code`` and ``year``, best first (ties by alliance),
    as ``(alliance_id, value)``: the newest row of each alliance counts, as in
    ``indicators.selectors.current_values`` (a correction replaces the value), sorted and cut by the
    database in one query rather than read in full (10,000 alliances)."""
    newer = IndicatorValue.objects.filter(
        alliance_id=OuterRef("alliance_id"), year=year, code=code, pk__gt=OuterRef("pk")
    )
    rows = IndicatorValue.objects.filter(year=year, code=code).exclude(Exists(newer))
    if alliances is not None:
        rows = rows.filter(alliance__in=alliances.values("pk"))
    return list(rows.order_by("-value", "alliance_id").values_list("alliance_id", "value")[:top])


@dataclass(frozen=True)
class DrillDown:
    """The filters a dashboard count links to (empty: not filtered)."""

    status: str = ""
    industry: str = ""
    province: str = ""
    scope: str = ""
    founded: int | None = None
    changed: int | None = None  # a status change in this year …
    to: str = ""  # … to this status
    diffusion: str = ""  # has an obligation in this state today
    pilot: str = ""  # a published pilot in this state today


def drill_down(user: Any, filters: DrillDown, *, today: dt.date) -> QuerySet[Alliance]:
    """The followed alliances behind a dashboard count, ordered by code."""
    qs = followed_alliances(user)
    for field in ("status", "industry", "province", "scope"):
        if getattr(filters, field):
            qs = qs.filter(**{field: getattr(filters, field)})
    if filters.founded is not None:
        qs = qs.filter(founded_on__year=filters.founded)
    if filters.changed is not None:
        moves = AllianceStatusChange.objects.filter(alliance=OuterRef("pk"), at__year=filters.changed)
        if filters.to:
            moves = moves.filter(new_status=filters.to)
        qs = qs.filter(Exists(moves))
    if filters.diffusion:
        owed = Obligation.objects.filter(
            obligation_state_q(filters.diffusion, today), alliance=OuterRef("pk")
        )
        qs = qs.filter(Exists(owed))
    if filters.pilot in PILOT_STATES:
        pilots = published_pilots().filter(pilot_state_q(filters.pilot, today), alliance=OuterRef("pk"))
        qs = qs.filter(Exists(pilots))
    return qs.select_related("host_unit").order_by("code")
