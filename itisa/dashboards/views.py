"""The officers' dashboard (issue 18, item 5) and the list behind each of its counts. Thin: parse the
filters, build the viewer's scope, render the panels (or one panel, or all, as Excel)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from itisa.core.exports import Sheet, xlsx_download
from itisa.dashboards.forms import DashboardForm, DrillDownForm
from itisa.dashboards.panel import dashboard_panels, dashboard_scope, get_panel, plain
from itisa.dashboards.permissions import can_view_dashboard
from itisa.dashboards.selectors import DrillDown, drill_down
from itisa.ui.pages import login_redirect, paginate, require


def _scope(request: HttpRequest) -> Any:
    data = DashboardForm(request.GET).valid()
    return dashboard_scope(
        request.user, year=data.get("year"), indicator=data.get("indicator") or "", top=data.get("top") or 10
    )


@require_http_methods(["GET"])
@login_redirect
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts and trends of the alliances the viewer follows; ``?format=xlsx[&panel=KEY]`` downloads the
    tables (one panel's, or every panel's as one sheet each)."""
    require(request, can_view_dashboard(request.user))
    scope = _scope(request)
    key = request.GET.get("panel", "")
    keys = [key] if get_panel(key) else None
    drawn = dashboard_panels(scope, keys)
    if request.GET.get("format") == "xlsx":
        sheets = [
            Sheet(name=p.key, title=[[p.title, scope.year]], header=list(data.columns),
                  rows=[[plain(c) for c in row] for row in data.rows])
            for p, data in drawn
        ]  # fmt: skip
        return xlsx_download(f"dashboard-{key or 'all'}-{scope.year}.xlsx", sheets)
    context = {
        "form": DashboardForm(request.GET),
        "scope": scope,
        "panels": [
            {
                "key": p.key,
                "title": p.title,
                "data": data,
                "chart_id": f"chart-{p.key}",
                "chart": data.chart.as_json() if data.chart else None,
            }
            for p, data in drawn
        ],
        "echarts": settings.ITISA_ECHARTS,
        "query": request.GET.urlencode(),
    }
    return render(request, "dashboards/dashboard.html", context)


@require_http_methods(["GET"])
@login_redirect
def alliances(request: HttpRequest) -> HttpResponse:
    """The followed alliances behind a dashboard count, each opening its page."""
    require(request, can_view_dashboard(request.user))
    form = DrillDownForm(request.GET)
    filters = DrillDown(**{k: v for k, v in form.valid().items() if v not in ("", None)})
    page, query = paginate(request, drill_down(request.user, filters, today=timezone.localdate()))
    return render(request, "dashboards/alliances.html", {"form": form, "page": page, "query": query})
