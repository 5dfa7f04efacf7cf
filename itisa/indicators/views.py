"""Pages of the indicators: the registry, an alliance's indicator table for a year (with its Excel
download and the secretariat's "record from the system"), one indicator's history and the form that
enters or corrects a self-reported value. Visible to ``can_view_indicators``; writes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import Sheet, xlsx_download
from itisa.core.indicators import DIMENSIONS, UNITS, Indicator, indicator, indicators
from itisa.indicators import services
from itisa.indicators.forms import ReportForm
from itisa.indicators.permissions import can_record_indicators, can_view_indicators
from itisa.indicators.selectors import FIRST_YEAR, TableRow, indicator_table, table_year, value_history
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, login_redirect, require


def indicators_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: links to last year's and this year's indicator tables (no query)."""
    if not can_view_indicators(request.user, alliance):
        return ""
    year = timezone.localdate().year
    return render_to_string(
        "indicators/_panel.html", {"alliance": alliance, "years": [year - 1, year]}, request=request
    )


def _year(year: int) -> int:
    return table_year(year, timezone.localdate())


def _alliance(request: HttpRequest, code: str) -> Alliance:
    return access_alliance(request.user, code, need=can_view_indicators)


@require_http_methods(["GET"])
@login_required
def registry(request: HttpRequest) -> HttpResponse:
    """Every registered indicator: code, names, unit, dimension, self-reported, reference."""
    groups = [
        (DIMENSIONS[d], [(i, UNITS[i.unit]) for i in indicators() if i.dimension == d]) for d in DIMENSIONS
    ]
    return render(request, "indicators/registry.html", {"groups": groups})


def _sheet(alliance: Alliance, year: int, rows: list[TableRow]) -> Sheet:
    def line(r: TableRow) -> list[Any]:
        i, c = r.indicator, r.current
        return [
            i.code, i.name_zh, i.name_en, str(UNITS[i.unit]), str(DIMENSIONS[i.dimension]), r.system,
            c.value if c else None, (_("self-reported") if c.self_reported else _("system")) if c else "",
            c.evidence if c else "", c.note if c else "",
        ]  # fmt: skip

    return Sheet(
        name=_("Indicators %(year)s") % {"year": year},
        title=[[alliance.name_zh], [_("Indicators of %(year)s") % {"year": year}]],
        header=[
            _("Code"),
            _("Name (Chinese)"),
            _("Name (English)"),
            _("Unit"),
            _("Dimension"),
            _("System value"),
            _("Recorded value"),
            _("Source"),
            _("Evidence"),
            _("Note"),
        ],  # fmt: skip
        rows=[line(r) for r in rows],
        number_formats={6: "#,##0.00", 7: "#,##0.00"},
        widths={1: 32, 2: 30, 3: 40, 9: 40},
    )


@require_http_methods(["GET"])
@login_redirect
def table(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The alliance's indicators for a year: the system's value beside the recorded one; ``?format=xlsx``."""
    alliance = _alliance(request, code)
    year = _year(year)
    rows = indicator_table(alliance.pk, year)
    if request.GET.get("format") == "xlsx":
        return xlsx_download(f"indicators-{alliance.code}-{year}.xlsx", [_sheet(alliance, year, rows)])
    this_year = timezone.localdate().year
    context = {
        "alliance": alliance, "year": year,
        "groups": [(DIMENSIONS[d], [(r, UNITS[r.indicator.unit]) for r in rows if r.indicator.dimension == d])
                   for d in DIMENSIONS],
        "recorded": sum(1 for r in rows if r.current is not None), "total": len(rows),
        "may_record": bool(can_record_indicators(request.user, alliance)),
        "years": list(range(this_year, max(FIRST_YEAR, this_year - 5) - 1, -1)),
    }  # fmt: skip
    return render(request, "indicators/table.html", context)


@require_http_methods(["POST"])
@login_redirect
def record(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The secretariat records the system's current values (only appends: no confirmation)."""
    alliance = _alliance(request, code)
    year = _year(year)
    require(request, can_record_indicators(request.user, alliance))
    written = services.indicator_values_record(alliance=alliance, year=year, by=acting_user(request))
    if written:
        messages.success(request, _("%(count)d values recorded from the system.") % {"count": written})
    else:
        messages.info(request, _("Nothing to record: the recorded values are the system's."))
    return redirect("indicators:table", code=alliance.code, year=year)


def _indicator(code: str) -> Indicator:
    spec = indicator(code)
    if spec is None:
        raise Http404(_("No such indicator."))
    return spec


@require_http_methods(["GET", "POST"])
@login_redirect
def history(request: HttpRequest, code: str, year: int, indicator_code: str) -> HttpResponse:
    """One indicator of the alliance's year: every recorded value (corrections are new rows) and, for an
    indicator the alliance may report, the secretariat's form to enter or correct it with evidence."""
    alliance = _alliance(request, code)
    year = _year(year)
    spec = _indicator(indicator_code)
    may_report = spec.self_reported and bool(can_record_indicators(request.user, alliance))
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        require(request, can_record_indicators(request.user, alliance))
        if not spec.self_reported:
            raise Http404(_("This indicator is computed from the system's records."))
        if form.is_valid():
            d = form.cleaned_data
            row = call_service(form, lambda: services.indicator_value_report(
                alliance=alliance, year=year, code=spec.code, value=d["value"], evidence=d["evidence"],
                note=d["note"], by=acting_user(request),
            ))  # fmt: skip
            if row is not None:
                messages.success(request, _("The value of %(name)s is recorded.") % {"name": spec.name})
                return redirect("indicators:history", code=alliance.code, year=year, indicator_code=spec.code)
    rows = list(value_history(alliance.pk, year, spec.code))
    context = {
        "alliance": alliance, "year": year, "indicator": spec, "rows": rows, "form": form,
        "may_report": may_report, "unit": UNITS[spec.unit], "dimension": DIMENSIONS[spec.dimension],
    }  # fmt: skip
    return render(request, "indicators/history.html", context)
