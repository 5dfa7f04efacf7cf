"""Reads of talent exchange, scoped to the viewer (the alliance's people and the national office), and the
statistics an evaluation reads (issue 18) in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core.errors import NotFound
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance
from itisa.talent.models import Exchange, Programme
from itisa.talent.permissions import can_view_talent
from itisa.talent.rules import duration, person_months_in_year


def _touches(year: int | None) -> Q:
    if year is None:
        return Q()
    return Q(starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1))


def programmes_of(
    user: Any, alliance: Alliance, *, kind: str = "", year: int | None = None, q: str = ""
) -> QuerySet[Programme]:
    """The alliance's programmes for those who see them, newest code first; filtered by kind, a year their
    period touches and a text in the code, title or an organiser's name."""
    if not can_view_talent(user, alliance):
        return Programme.objects.none()
    qs = Programme.objects.filter(alliance=alliance).filter(_touches(year))
    if kind:
        qs = qs.filter(kind=kind)
    text = q.strip()
    if text:
        qs = qs.filter(
            Q(code__icontains=text) | Q(title_zh__icontains=text) | Q(title_en__icontains=text)
            | Q(pk__in=Programme.organisers.through.objects.filter(organisation__name_zh__icontains=text)
                .values("programme_id"))
        )  # fmt: skip
    organisers = Organisation.objects.order_by("name_zh")
    return (
        qs.select_related("alliance")
        .prefetch_related(Prefetch("organisers", queryset=organisers))
        .order_by("-code")
    )


def access_programme(user: Any, alliance_code: str, code: str) -> Programme:
    """Find and check: the programme if the viewer sees the alliance's training; NotFound otherwise."""
    alliance = access_alliance(user, alliance_code, need=can_view_talent)
    programme = programmes_of(user, alliance).select_related("by").filter(code=code.upper()).first()
    if programme is None:
        raise NotFound(_("No such programme, or you may not see it."))
    return programme


def exchanges_of(
    user: Any, alliance: Alliance, *, year: int | None = None, organisation: int | None = None, q: str = ""
) -> QuerySet[Exchange]:
    """The alliance's exchanges for those who see them, newest code first; filtered by a year their period
    touches, a member sending or receiving (organisation id) and a text in the code, person, role or members."""
    if not can_view_talent(user, alliance):
        return Exchange.objects.none()
    qs = Exchange.objects.filter(alliance=alliance).filter(_touches(year))
    if organisation is not None:
        qs = qs.filter(Q(from_org_id=organisation) | Q(to_org_id=organisation))
    text = q.strip()
    if text:
        qs = qs.filter(
            Q(code__icontains=text) | Q(person_name__icontains=text) | Q(role_zh__icontains=text)
            | Q(from_org__name_zh__icontains=text) | Q(to_org__name_zh__icontains=text)
        )  # fmt: skip
    return qs.select_related("alliance", "from_org", "to_org").order_by("-code")


def access_exchange(user: Any, alliance_code: str, code: str) -> Exchange:
    """Find and check: the exchange if the viewer sees the alliance's exchanges; NotFound otherwise."""
    alliance = access_alliance(user, alliance_code, need=can_view_talent)
    exchange = exchanges_of(user, alliance).select_related("by").filter(code=code.upper()).first()
    if exchange is None:
        raise NotFound(_("No such exchange, or you may not see it."))
    return exchange


def exchange_members(user: Any, alliance: Alliance) -> list[tuple[int, str]]:
    """The members sending or receiving the exchanges the viewer sees, by name (the list's filter; one query)."""
    rows = (
        exchanges_of(user, alliance)
        .order_by()
        .values_list("from_org_id", "from_org__name_zh", "to_org_id", "to_org__name_zh")
    )
    pairs = {(a, an) for a, an, _b, _bn in rows} | {(b, bn) for _a, _an, b, bn in rows}
    return sorted(pairs, key=lambda r: (r[1], r[0]))


@dataclass(frozen=True)
class TalentStatistics:
    """A year of an alliance's talent exchange: programmes running in it and their participants (actual
    where recorded, planned otherwise), exchanges running in it and their person-months within the year."""

    year: int
    programmes: int
    participants: int
    exchanges: int
    person_months: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "programmes": self.programmes, "participants": self.participants,
                "exchanges": self.exchanges, "person_months": str(self.person_months)}  # fmt: skip


def talent_statistics(alliance: Alliance, year: int) -> TalentStatistics:
    """The year's figures for the evaluation (two queries, whatever the number of records)."""
    rows = list(
        Programme.objects.filter(alliance=alliance)
        .filter(_touches(year))
        .values_list("planned_participants", "actual_participants")
    )
    periods = list(
        Exchange.objects.filter(alliance=alliance).filter(_touches(year)).values_list("starts_on", "ends_on")
    )
    months = sum((person_months_in_year(s, e, year) for s, e in periods), Decimal("0.0"))
    return TalentStatistics(
        year=year,
        programmes=len(rows),
        participants=sum(actual if actual is not None else planned for planned, actual in rows),
        exchanges=len(periods),
        person_months=months,
    )


def programme_document(p: Programme) -> dict[str, Any]:
    """A programme as plain data (API, ``itisa talent programmes``)."""
    return {
        "code": p.code, "kind": p.kind, "title_zh": p.title_zh, "title_en": p.title_en,
        "organisers": [{"uscc": o.uscc, "name": o.name_zh} for o in p.organisers.all()],
        "starts_on": p.starts_on, "ends_on": p.ends_on, "planned_participants": p.planned_participants,
        "actual_participants": p.actual_participants, "outcome_zh": p.outcome_zh, "concluded_on": p.concluded_on,
    }  # fmt: skip


def exchange_document(x: Exchange) -> dict[str, Any]:
    """An exchange as plain data with its duration (API, ``itisa talent exchanges``)."""
    d = duration(x.starts_on, x.ends_on)
    return {
        "code": x.code, "person_name": x.person_name,
        "from_org": {"uscc": x.from_org.uscc, "name": x.from_org.name_zh},
        "to_org": {"uscc": x.to_org.uscc, "name": x.to_org.name_zh},
        "role_zh": x.role_zh, "starts_on": x.starts_on, "ends_on": x.ends_on,
        "months": d.months, "days": d.days, "person_months": str(d.person_months),
        "purpose_zh": x.purpose_zh, "outcome_zh": x.outcome_zh, "concluded_on": x.concluded_on,
    }  # fmt: skip
