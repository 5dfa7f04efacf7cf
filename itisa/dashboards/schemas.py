"""What ``GET /api/dashboards/<panel>`` answers: the panel's table (the page's and the workbook's) and the
chart drawn from it."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

from itisa.core.inputs import Year

Top = Annotated[int, Field(ge=1, le=100)]


class DashboardQuery(Schema):
    year: Year | None = None
    indicator: str = Field("", max_length=80)
    top: Top = 10


class DashboardCellOut(Schema):
    """One cell: text, a whole number or an exact decimal (as text), a date (ISO); ``url`` opens the
    alliances behind a count, or the alliance."""

    value: str | int | None
    url: str | None


class DashboardSeriesOut(Schema):
    name: str
    data: list[float]


class DashboardChartOut(Schema):
    kind: str
    categories: list[str]
    series: list[DashboardSeriesOut]


class DashboardPanelOut(Schema):
    key: str
    title: str
    year: int
    alliances: int
    note: str
    columns: list[str]
    rows: list[list[DashboardCellOut]]
    chart: DashboardChartOut | None
