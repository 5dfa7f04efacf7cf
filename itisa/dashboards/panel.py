"""What a dashboard panel is: a title, a table (the page shows it under the chart, Excel downloads it, the
API returns it) and a chart spec drawn by ECharts in the browser (static/dashboards/charts.js).

A panel is one function ``(Scope) -> PanelData`` registered with ``@panel(key, title)``; the page, the
Excel workbook, ``GET /api/dashboards/<key>`` and ``itisa dashboard show`` all iterate the registry, so a
new panel (overdue annual reports, rating bands, evaluation grades) is one function in ``panels.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from itisa.registry.models import Alliance


@dataclass(frozen=True)
class Link:
    """A cell that opens something: a count opens the filtered alliance list, a name the alliance."""

    text: Any
    url: str


Cell = str | int | Decimal | dt.date | Link | None


@dataclass(frozen=True)
class Chart:
    """A chart in plain terms (categories, named series of numbers); charts.js makes the ECharts option."""

    kind: str  # "bar", "hbar" (horizontal, for rankings and long labels), "line", "pie"
    categories: Sequence[str]
    series: Sequence[tuple[Any, Sequence[int | Decimal]]]  # (name, one number per category)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "categories": [str(c) for c in self.categories],
            "series": [{"name": str(n), "data": [_number(v) for v in data]} for n, data in self.series],
        }


def _number(value: int | Decimal) -> int | float:
    # the chart only draws; the table, Excel and the API carry the exact Decimal
    return value if isinstance(value, int) else float(value)


@dataclass(frozen=True)
class PanelData:
    columns: Sequence[Any]
    rows: Sequence[Sequence[Any]]  # of Cell
    chart: Chart | None = None
    note: Any = ""


@dataclass(frozen=True)
class Scope:
    """What a dashboard is drawn for: the viewer, the alliances they follow, the year and the ranking."""

    user: Any
    alliances: QuerySet[Alliance]
    year: int
    today: dt.date
    indicator: str = ""
    top: int = 10
    national: bool = False  # follows every alliance: counts need no filter by alliance


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any
    build: Callable[[Scope], PanelData]


_PANELS: dict[str, Panel] = {}


def panel(key: str, title: Any) -> Callable[[Callable[[Scope], PanelData]], Callable[[Scope], PanelData]]:
    """Register a panel function under a stable key (its API path and Excel sheet), in page order."""

    def register(build: Callable[[Scope], PanelData]) -> Callable[[Scope], PanelData]:
        if key in _PANELS and _PANELS[key].build is not build:
            raise ValueError(f"dashboard panel {key!r} registered twice")
        _PANELS[key] = Panel(key, title, build)
        return build

    return register


def panels() -> list[Panel]:
    return list(_PANELS.values())


def get_panel(key: str) -> Panel | None:
    return _PANELS.get(key)


def drill(**filters: Any) -> str:
    """The address of the followed alliances behind a count."""
    query = urlencode({k: v for k, v in filters.items() if v not in ("", None)})
    return f"{reverse('dashboards:alliances')}?{query}"


def count_link(n: int, **filters: Any) -> Cell:
    """A count that opens its alliances (a zero opens nothing)."""
    return Link(n, drill(**filters)) if n else n


def alliance_name(alliance: Any) -> str:
    english = (get_language() or "").startswith("en")
    return (alliance.name_en if english and alliance.name_en else alliance.name_zh) or ""


def alliance_link(alliance: Any) -> Link:
    """The alliance's code and name, opening its page."""
    text = f"{alliance.code} {alliance_name(alliance)}"
    return Link(text, reverse("registry:alliance_detail", args=[alliance.code]))


def plain(cell: Cell) -> Any:
    """The value of a cell without its link (Excel, the command line)."""
    return cell.text if isinstance(cell, Link) else cell


def dashboard_scope(
    user: Any, *, year: int | None = None, indicator: str = "", top: int = 10, now: dt.datetime | None = None
) -> Scope:
    """The viewer's dashboard: the alliances they follow (``selectors.followed_alliances``), the year
    (default: the last full year, the year annual reports describe) and the ranking's indicator (default:
    the first registered one)."""
    from itisa.accounts.roles import role_summary
    from itisa.core.indicators import indicators
    from itisa.dashboards.selectors import followed_alliances

    today = timezone.localdate(now or timezone.now())
    registered = [i.code for i in indicators()]
    return Scope(
        user=user,
        alliances=followed_alliances(user),
        year=year or today.year - 1,
        today=today,
        indicator=indicator if indicator in registered else (registered[0] if registered else ""),
        top=top,
        national=role_summary(user).national,
    )


def dashboard_panels(scope: Scope, keys: Sequence[str] | None = None) -> list[tuple[Panel, PanelData]]:
    """Every panel (or those of ``keys``) drawn for the scope, in page order."""
    return [(p, p.build(scope)) for p in panels() if keys is None or p.key in keys]
