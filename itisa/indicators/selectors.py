"""Reads of the indicator values: the current value of each (alliance, year, indicator), what is missing,
and the indicator table of an alliance's year (recorded beside what the system computes now)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from itisa.core.errors import NotFound
from itisa.core.indicators import Indicator, compute, indicators
from itisa.indicators.choices import Source
from itisa.indicators.models import IndicatorValue

FIRST_YEAR = 2000  # the store's first year (a database check)


@dataclass(frozen=True)
class Current:
    """The current (newest) recorded value of an indicator."""

    value: Decimal
    source: str
    evidence: str
    note: str
    row: int

    @property
    def self_reported(self) -> bool:
        return self.source == Source.SELF_REPORTED


def current_values(
    year: int, alliances: Sequence[int] | QuerySet[Any] | None = None, codes: Iterable[str] | None = None
) -> dict[int, dict[str, Current]]:
    """``{alliance_id: {code: Current}}`` for ``year``, one query: the newest row of each indicator wins.
    ``alliances`` is a list of ids or a queryset of alliances (kept as a subquery), or None for all."""
    rows = IndicatorValue.objects.filter(year=year)
    if alliances is not None:
        chosen: Any = alliances.values("pk") if isinstance(alliances, QuerySet) else list(alliances)
        rows = rows.filter(alliance_id__in=chosen)
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    out: dict[int, dict[str, Current]] = {}
    for pk, alliance_id, code, value, source, evidence, note in rows.order_by("pk").values_list(
        "pk", "alliance_id", "code", "value", "source", "evidence", "note"
    ):
        out.setdefault(alliance_id, {})[code] = Current(value, source, evidence, note, pk)
    return out


def missing_codes(year: int, alliance_ids: Sequence[int], codes: Iterable[str]) -> dict[int, list[str]]:
    """For each alliance, the indicators of ``codes`` with no recorded value for ``year`` (empty: complete)."""
    wanted = list(codes)
    have = current_values(year, alliance_ids, wanted)
    return {aid: [c for c in wanted if c not in have.get(aid, {})] for aid in alliance_ids}


@dataclass(frozen=True)
class TableRow:
    indicator: Indicator
    system: Decimal | None  # what the system computes now (None: it holds no value)
    current: Current | None  # what is recorded

    @property
    def differs(self) -> bool:
        return self.current is not None and self.system is not None and self.current.value != self.system


def indicator_table(alliance_id: int, year: int) -> list[TableRow]:
    """Every registered indicator of the alliance's year: the system's value beside the recorded one."""
    live = compute(year, [alliance_id])
    recorded = current_values(year, [alliance_id]).get(alliance_id, {})
    return [TableRow(i, live[i.code].get(alliance_id), recorded.get(i.code)) for i in indicators()]


def value_history(alliance_id: int, year: int, code: str) -> QuerySet[IndicatorValue]:
    """Every recorded value of one indicator, oldest first (corrections are new rows)."""
    return (
        IndicatorValue.objects.filter(alliance_id=alliance_id, year=year, code=code)
        .select_related("by")
        .order_by("pk")
    )


def table_year(year: int, today: dt.date) -> int:
    """``year`` if the store keeps a table for it: from 2000 to the year of ``today`` (Beijing); else
    NotFound (pages, the API and the command alike)."""
    if not FIRST_YEAR <= year <= today.year:
        raise NotFound(_("No indicators for the year %(year)s.") % {"year": year})
    return year


def row_document(row: TableRow) -> dict[str, Any]:
    """A row of the indicator table as plain data (amounts as strings): the API and the command line."""
    i, c = row.indicator, row.current
    return {
        "code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit, "dimension": i.dimension,
        "self_reported": i.self_reported, "system": None if row.system is None else str(row.system),
        "recorded": None if c is None else {
            "value": str(c.value), "source": c.source, "evidence": c.evidence, "note": c.note,
        },
    }  # fmt: skip


def indicator_document(i: Indicator) -> dict[str, Any]:
    """A registered indicator as plain data."""
    return {
        "code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.unit, "dimension": i.dimension,
        "self_reported": i.self_reported, "reference": i.reference,
    }  # fmt: skip
