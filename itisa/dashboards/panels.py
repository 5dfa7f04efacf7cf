"""The dashboard's panels (issue 18, item 5), in page order. Each is one function over a ``Scope`` that
reads in a fixed number of aggregate queries, whatever the number of alliances (pinned in tests and
measured at 10,000 alliances by bench/dashboards.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.core.indicators import UNITS, indicator
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.dashboards.panel import Chart, PanelData, Scope, alliance_link, count_link, panel
from itisa.dashboards.selectors import (
    ENDING_DAYS,
    PILOT_LABELS,
    PILOT_STATES,
    obligation_state_q,
    pilot_state_q,
    published_pilots,
    ranked_values,
)
from itisa.diffusion.choices import ObligationStatus
from itisa.diffusion.models import Obligation
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance, AllianceStatusChange

# rows a listing panel shows (the page stays short; the counts link to the whole list)
LISTED = 20


def _of(scope: Scope, qs: QuerySet[Any], field: str = "alliance") -> QuerySet[Any]:
    """Rows of the followed alliances (the national office follows all: no filter needed)."""
    return qs if scope.national else qs.filter(**{f"{field}__in": scope.alliances.values("pk")})


@panel("status", _("Alliances by status"))
def by_status(scope: Scope) -> PanelData:
    counts = dict(scope.alliances.order_by().values_list("status").annotate(n=Count("pk")))
    rows = [[label, count_link(counts.get(code, 0), status=code)] for code, label in AllianceStatus.choices]
    chart = Chart("pie", [str(label) for _code, label in AllianceStatus.choices],
                  [(_("Alliances"), [counts.get(code, 0) for code, _label in AllianceStatus.choices])])  # fmt: skip
    return PanelData([_("Status"), _("Alliances")], rows, chart)


@panel("industry", _("Alliances by industry (GB/T 4754 sections)"))
def by_industry(scope: Scope) -> PanelData:
    counts = dict(scope.alliances.order_by().values_list("industry").annotate(n=Count("pk")))
    shown = [(code, label) for code, label in Industry.choices if counts.get(code)]
    rows = [[f"{code} {label}", count_link(counts[code], industry=code)] for code, label in shown]
    chart = Chart(
        "hbar",
        [f"{code} {label}" for code, label in shown],
        [(_("Alliances"), [counts[c] for c, _l in shown])],
    )
    return PanelData([_("Industry"), _("Alliances")], rows, chart)


@panel("province", _("Alliances by province"))
def by_province(scope: Scope) -> PanelData:
    """Regional alliances by their province (GB/T 2260); national alliances have none and are one row."""
    pairs = scope.alliances.order_by().values_list("scope", "province").annotate(n=Count("pk"))
    national = sum(n for kind, _p, n in pairs if kind == AllianceScope.NATIONAL)
    regional = {p: n for kind, p, n in pairs if kind == AllianceScope.REGIONAL}
    shown = [(code, label) for code, label in Province.choices if regional.get(code)]
    rows: list[list[Any]] = [[_("National alliances (no province)"), count_link(national, scope="national")]]
    rows += [[label, count_link(regional[code], scope="regional", province=code)] for code, label in shown]
    chart = Chart(
        "hbar",
        [str(label) for _c, label in shown],
        [(_("Regional alliances"), [regional[c] for c, _l in shown])],
    )
    return PanelData([_("Province"), _("Alliances")], rows, chart)


@panel("years", _("Founded and status changes per year"))
def by_year(scope: Scope) -> PanelData:
    """Founded per year (registry) and the moves of the status history per year and new status, up to
    the chosen year."""
    alliances = scope.alliances.filter(founded_on__lte=dt.date(scope.year, 12, 31))
    history = _of(scope, AllianceStatusChange.objects.filter(at__lt=_new_year(scope.year + 1)))
    # the years first (two aggregates), then one count per year as a conditional aggregate: grouping by
    # an extracted year would call a Python function per row on SQLite
    span = alliances.aggregate(first=Min("founded_on"), last=Max("founded_on"))
    moves = history.aggregate(first=Min("at"), last=Max("at"))
    firsts = [span["first"].year] if span["first"] else []
    firsts += [timezone.localtime(moves["first"]).year] if moves["first"] else []
    every = range(min(firsts), scope.year + 1) if firsts else range(0)
    founded: dict[int, int] = {}
    if span["first"]:
        counted = alliances.aggregate(**{
            f"y{y}": Count("pk", filter=Q(founded_on__gte=dt.date(y, 1, 1), founded_on__lte=dt.date(y, 12, 31)))
            for y in every
        })  # fmt: skip
        founded = {y: counted[f"y{y}"] for y in every}
    moved: Counter[tuple[int, str]] = Counter()
    if moves["first"]:
        per_status = history.order_by().values("new_status").annotate(**{
            f"y{y}": Count("pk", filter=Q(at__gte=_new_year(y), at__lt=_new_year(y + 1))) for y in every
        })  # fmt: skip
        for row in per_status:
            for y in every:
                moved[(y, row["new_status"])] += row[f"y{y}"]
    years = [y for y in every if founded.get(y) or any(moved[(y, code)] for code in AllianceStatus.values)]
    statuses = AllianceStatus.choices
    rows = [
        [str(y), count_link(founded.get(y, 0), founded=y)]
        + [count_link(moved[(y, code)], changed=y, to=code) for code, _label in statuses]
        for y in years
    ]
    columns = [_("Year"), _("Founded")] + [_("To “%(status)s”") % {"status": label} for _c, label in statuses]
    series = [(_("Founded"), [founded.get(y, 0) for y in years])]
    series += [(label, [moved[(y, code)] for y in years]) for code, label in statuses]
    return PanelData(columns, rows, Chart("line", [str(y) for y in years], series))


@panel("ranking", _("Indicator ranking"))
def ranking(scope: Scope) -> PanelData:
    """The top alliances by the value recorded for the chosen indicator and year (the newest recorded row of
    each alliance, as ``indicators.selectors.current_values``; not a live compute), best first."""
    chosen = indicator(scope.indicator) if scope.indicator else None
    columns = [pgettext_lazy("ranking", "Rank"), _("Alliance"), _("Value")]
    if chosen is None:
        return PanelData(columns, [], None, _("Choose an indicator."))
    ranked = [(value, aid) for aid, value in
              ranked_values(scope.year, chosen.code, None if scope.national else scope.alliances, scope.top)]  # fmt: skip
    names = Alliance.objects.in_bulk([aid for _v, aid in ranked])
    rows = [[n, alliance_link(names[aid]), value] for n, (value, aid) in enumerate(ranked, start=1)]
    chart = Chart("hbar", [names[aid].code for _v, aid in ranked], [(chosen.name, [v for v, _a in ranked])])
    note = _("%(indicator)s (%(unit)s), %(year)s: recorded values.") % {
        "indicator": chosen.name, "unit": UNITS[chosen.unit], "year": scope.year,
    }  # fmt: skip
    return PanelData(columns, rows, chart, note)


@panel("diffusion", _("Diffusion obligations"))
def diffusion(scope: Scope) -> PanelData:
    """Obligations to diffuse publicly funded results (Art. 8(6)) by status today; an open one past its
    deadline counts as overdue."""
    states = [s for s, _l in ObligationStatus.choices]
    obligations = _of(scope, Obligation.objects.all())
    counts = obligations.aggregate(
        **{f"n_{s}": Count("pk", filter=obligation_state_q(s, scope.today)) for s in states},
        **{
            f"a_{s}": Count("alliance", filter=obligation_state_q(s, scope.today), distinct=True)
            for s in states
        },
    )
    rows = [
        [label, counts[f"n_{s}"], count_link(counts[f"a_{s}"], diffusion=s)]
        for s, label in ObligationStatus.choices
    ]
    chart = Chart("bar", [str(label) for _s, label in ObligationStatus.choices],
                  [(_("Obligations"), [counts[f"n_{s}"] for s in states])])  # fmt: skip
    return PanelData([_("Status"), _("Obligations"), _("Alliances")], rows, chart)


@panel("pilots", _("Pilot alliances"))
def pilots(scope: Scope) -> PanelData:
    """Published pilots (Art. 7) by the state of their period today."""
    counts = _of(scope, published_pilots()).aggregate(
        **{s: Count("pk", filter=pilot_state_q(s, scope.today)) for s in PILOT_STATES}
    )
    rows = [[PILOT_LABELS[s], count_link(counts[s], pilot=s)] for s in PILOT_STATES]
    chart = Chart("bar", [str(PILOT_LABELS[s]) for s in PILOT_STATES],
                  [(_("Pilots"), [counts[s] for s in PILOT_STATES])])  # fmt: skip
    return PanelData([_("Pilot period"), _("Pilots")], rows, chart)


@panel("pilot_periods", _("Pilot periods ending"))
def pilot_periods(scope: Scope) -> PanelData:
    """The published pilots whose period ends in the chosen year or later (those the office evaluates
    next), the first ``LISTED`` by the end of their period; the count of them all links to the list."""
    ending = _of(scope, published_pilots()).filter(pilot_until__year__gte=scope.year)
    rows = [
        [PILOT_LABELS[_state_of(p.pilot_until, scope)], alliance_link(p.alliance), p.call.title_zh,
         p.pilot_from, p.pilot_until]
        for p in ending.select_related("alliance", "call").order_by("pilot_until", "alliance__code")[:LISTED]
    ]  # fmt: skip
    columns = [_("Pilot period"), _("Alliance"), _("Call"), pgettext_lazy("period", "From"),
               pgettext_lazy("period", "Until")]  # fmt: skip
    note = _("Periods ending in %(year)s or later: %(shown)s of %(total)s.") % {
        "year": scope.year, "shown": len(rows), "total": ending.count(),
    }  # fmt: skip
    return PanelData(columns, rows, None, note)


def _new_year(year: int) -> dt.datetime:
    """The first moment of a year in Beijing time (the status history's years are Beijing's)."""
    return dt.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())


def _state_of(until: dt.date, scope: Scope) -> str:
    days = (until - scope.today).days
    return "ended" if days < 0 else "ending" if days <= ENDING_DAYS else "running"
