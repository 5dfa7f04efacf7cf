"""``GET /api/dashboards/<panel>``: the data behind each chart of the dashboard, scoped to the caller (the
national office all alliances, a provincial officer the regional ones of their province, an association
or ministry officer those of their industry); anyone else is refused with the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import NotFound, PermissionDenied
from itisa.core.responses import errors
from itisa.dashboards.panel import Link, Panel, PanelData, Scope, dashboard_panels, dashboard_scope, get_panel
from itisa.dashboards.permissions import can_view_dashboard
from itisa.dashboards.schemas import DashboardPanelOut, DashboardQuery

router = Router(tags=["dashboards"], auth=AUTHENTICATED)


def _cell(cell: Any) -> dict[str, Any]:
    url = cell.url if isinstance(cell, Link) else None
    value = cell.text if isinstance(cell, Link) else cell
    if isinstance(value, Decimal | dt.date) or (value is not None and not isinstance(value, int | str)):
        value = str(value) if not isinstance(value, dt.date) else value.isoformat()
    return {"value": value, "url": url}


def panel_out(panel: Panel, data: PanelData, scope: Scope, alliances: int) -> dict[str, Any]:
    """A drawn panel as the API and the command line give it."""
    return {
        "key": panel.key,
        "title": str(panel.title),
        "year": scope.year,
        "alliances": alliances,
        "note": str(data.note),
        "columns": [str(c) for c in data.columns],
        "rows": [[_cell(c) for c in row] for row in data.rows],
        "chart": data.chart.as_json() if data.chart else None,
    }


@router.get("/dashboards/{panel}", response={200: DashboardPanelOut, **errors(401, 403, 404, 422)})
def dashboard_panel(request: HttpRequest, panel: str, query: Query[DashboardQuery]) -> Any:
    """One panel of the caller's dashboard (status, industry, province, years, ranking, diffusion, pilots,
    pilot_periods): its table and chart for the year (default: the last full year); the ranking takes
    ``indicator`` (a registered code; default the first) and ``top``."""
    user = viewer(request)
    decision = can_view_dashboard(user)
    if not decision:
        raise PermissionDenied(str(decision.reason))
    chosen = get_panel(panel)
    if chosen is None:
        raise NotFound(_("No dashboard panel %(panel)s.") % {"panel": panel})
    scope = dashboard_scope(user, year=query.year, indicator=query.indicator, top=query.top)
    [(_p, data)] = dashboard_panels(scope, [chosen.key])
    return panel_out(chosen, data, scope, scope.alliances.count())
