"""Indicator endpoints: the registry (logged-in users), an alliance's indicator table for a year (its
people and the officers who follow it), recording from the system and self-reporting (its secretariat)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.indicators import indicators
from itisa.core.inputs import Year
from itisa.core.responses import errors
from itisa.indicators import services
from itisa.indicators.permissions import can_record_indicators, can_view_indicators
from itisa.indicators.schemas import (
    IndicatorDefOut,
    IndicatorRecordOut,
    IndicatorReportIn,
    IndicatorTableOut,
    IndicatorValueOut,
)
from itisa.indicators.selectors import indicator_document, indicator_table, row_document, table_year
from itisa.registry.selectors import access_alliance

router = Router(tags=["indicators"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


@router.get("/indicators", response={200: list[IndicatorDefOut], **errors(401)})
def registry(request: HttpRequest) -> Any:
    """Every registered indicator in table order: code, names, unit, dimension, self-reported, reference."""
    return [indicator_document(i) for i in indicators()]


@router.get("/alliances/{code}/indicators/{year}", response={200: IndicatorTableOut, **READ})
def table(request: HttpRequest, code: str, year: Year) -> Any:
    """The alliance's indicators for a year: what the system computes now beside the recorded value."""
    alliance = access_alliance(viewer(request), code, need=can_view_indicators)
    table_year(year, timezone.localdate())
    return {"alliance": alliance.code, "year": year,
            "rows": [row_document(r) for r in indicator_table(alliance.pk, year)]}  # fmt: skip


@router.post("/alliances/{code}/indicators/{year}/record", response={200: IndicatorRecordOut, **WRITE})
def record(request: HttpRequest, code: str, year: Year) -> Any:
    """Record the system's values that changed since last recorded (a self-reported value stays current)."""
    alliance = access_alliance(viewer(request), code, need=[can_view_indicators, can_record_indicators])
    table_year(year, timezone.localdate())
    return {"written": services.indicator_values_record(alliance=alliance, year=year, by=viewer(request))}


@router.post("/alliances/{code}/indicators/{year}/report", response={201: IndicatorValueOut, **WRITE})
def report(request: HttpRequest, code: str, year: Year, payload: IndicatorReportIn) -> Any:
    """Enter or correct a self-reportable indicator with its evidence (a new row; the newest is current)."""
    alliance = access_alliance(viewer(request), code, need=[can_view_indicators, can_record_indicators])
    table_year(year, timezone.localdate())
    row = services.indicator_value_report(
        alliance=alliance, year=year, code=payload.code, value=payload.value, evidence=payload.evidence,
        note=payload.note, by=viewer(request),
    )  # fmt: skip
    return Status(201, {"code": row.code, "year": row.year, "value": str(row.value), "source": row.source,
                        "evidence": row.evidence, "note": row.note, "at": row.at.isoformat()})  # fmt: skip
