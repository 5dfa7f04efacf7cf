"""Helpers of the indicators that domain apps register (``itisa.core.indicators``): the year in Beijing
time, and one value per alliance from a grouped query (an alliance with no rows counts 0)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Aggregate, QuerySet
from django.utils import timezone

WHOLE = Decimal(1)
FEN = Decimal("0.01")


def year_window(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The calendar year in Beijing time, for moments: from 1 January 00:00 to the next 1 January 00:00
    (``start <= at < end``); dates use ``core.indicators.year_bounds``."""
    tz = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def per_alliance(
    alliance_ids: Sequence[int], rows: Iterable[tuple[int, Any]], *, places: Decimal = WHOLE
) -> dict[int, Decimal]:
    """Every id of ``alliance_ids`` with the value its grouped row gives (``(alliance_id, value)``), 0
    when it has no row or the sum is empty: the system knows the alliance had none. Quantized to
    ``places`` (whole numbers for counts, ``FEN`` for yuan)."""
    found = {alliance_id: value for alliance_id, value in rows}
    return {aid: Decimal(found.get(aid) or 0).quantize(places) for aid in alliance_ids}


def grouped(
    alliance_ids: Sequence[int], rows: QuerySet[Any], by: str, value: Aggregate, *, places: Decimal = WHOLE
) -> dict[int, Decimal]:
    """``rows`` grouped by the lookup path ``by`` to their alliance's id, aggregated by ``value`` (a
    ``Count`` or ``Sum``): one query, every id of ``alliance_ids`` answered (``per_alliance``)."""
    found = rows.values(by).annotate(aggregate=value).order_by().values_list(by, "aggregate")
    return per_alliance(alliance_ids, found, places=places)
