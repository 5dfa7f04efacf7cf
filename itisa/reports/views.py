"""Pages of the annual reports (docs/reports.md). Thin: parse, call the selectors, permissions and
services, render.

The alliance's people: its reports; the secretariat writes and submits. The national office: the rounds
(opens one), the received reports with filters, return and accept, the compilations (PDF, Excel).
Provincial officers and industry associations: the same lists and compilations, read-only, for the
alliances they follow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import Sheet, attachment, xlsx_download
from itisa.core.regions import Province
from itisa.indicators.selectors import indicator_table
from itisa.registry.selectors import access_alliance
from itisa.reports import services
from itisa.reports.choices import EDITABLE, ReportStatus
from itisa.reports.forms import MoveForm, ReportFilterForm, ReportForm, RoundForm
from itisa.reports.models import AnnualReport
from itisa.reports.permissions import (
    actors_for,
    can_decide_report,
    can_open_round,
    can_prepare_report,
    can_receive_reports,
    can_view_report,
)
from itisa.reports.rules import PARTS
from itisa.reports.selectors import (
    Compiled,
    access_report,
    compilation,
    history,
    key_indicators,
    report_list,
    reports_of_alliance,
    rounds,
    snapshot,
    submissions,
)
from itisa.reports.workflows import REPORT_TRANSITIONS
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require

S = ReportStatus


def indicators_url(code: str, year: int) -> str:
    """The indicators page where the secretariat enters self-reported values (another app's; empty until
    it exists)."""
    try:
        return reverse("indicators:table", args=[code, year])
    except NoReverseMatch:
        return ""


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from itisa.core.pdf import font_uris, html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string(template, {**context, "fonts": font_uris(), "today": timezone.localdate()})
    return attachment(html_to_pdf(html), "application/pdf", filename)


def _labels() -> dict[str, str]:
    return {"main_work": _("Main work"), "achievements": _("Achievements"), "problems": _("Problems"),
            "plan": _("Next year's plan")}  # fmt: skip


def _parts(report: AnnualReport) -> list[dict[str, Any]]:
    labels = _labels()
    return [{"key": p, "label": labels[p], "zh": getattr(report, f"{p}_zh"), "en": getattr(report, f"{p}_en")}
            for p in PARTS]  # fmt: skip


# the office's list, the rounds and the compilations ------------------------------------------------


@require_http_methods(["GET"])
@login_redirect
def report_index(request: HttpRequest) -> HttpResponse:
    """The received reports of the alliances the viewer follows, with filters and pages."""
    require(request, can_receive_reports(request.user))
    form = ReportFilterForm(request.GET)
    d = form.values()
    qs = report_list(request.user, year=d["year"], status=d["status"], province=d["province"],
                     industry=d["industry"], q=d["q"], overdue=d["overdue"])  # fmt: skip
    page, query = paginate(request, qs)
    return render(request, "reports/list.html", {"form": form, "page": page, "query": query,
                                                 "rounds": rounds()[:3]})  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def round_index(request: HttpRequest) -> HttpResponse:
    """The rounds with their reports counted by status; the national office opens a round here."""
    require(request, can_receive_reports(request.user))
    opener = bool(can_open_round(request.user))
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST":
        require(request, can_open_round(request.user))
        if form.is_valid():
            d = form.cleaned_data
            done = call_service(form, lambda: services.round_open(
                by=acting_user(request), year=d["year"], deadline=d["deadline"], note=d["note"] or ""))  # fmt: skip
            if done is not None:
                messages.success(request, _("The round %(year)s is open: %(n)s alliances owe a report.")
                                 % {"year": done.year, "n": done.reports.count()})  # fmt: skip
                return redirect("reports:rounds")
    return render(request, "reports/rounds.html", {"rounds": rounds(), "form": form, "opener": opener},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _compiled_sheets(title: str, rows: list[Compiled]) -> list[Sheet]:
    keys = key_indicators()
    overview = Sheet(
        name=_("Reports"),
        title=[[title]],
        header=[_("Alliance"), _("Name"), _("Province"), _("Status"), _("Submitted at"), "SHA-256",
                *[f"{i.name} ({i.unit})" for i in keys], *_labels().values()],
        rows=[[c.report.alliance.code, c.report.alliance.name_zh, c.report.alliance.get_province_display(),
               c.report.get_status_display(), timezone.localtime(c.submission.at).strftime("%Y-%m-%d %H:%M")
               if c.submission else "", c.submission.sha256 if c.submission else "",
               *[c.value(i.code) if c.value(i.code) is not None else "" for i in keys],
               *[p["zh"] for p in _parts(c.report)]] for c in rows],
    )  # fmt: skip
    values = Sheet(
        name=_("Indicators"),
        title=[[title]],
        header=[_("Alliance"), _("Indicator"), _("Code"), _("Value"), _("Unit"), _("Source"), _("Evidence")],
        rows=[[c.report.alliance.code, v.name, v.code, v.value, v.unit, v.source, v.evidence]
              for c in rows for v in c.values],
        number_formats={4: "#,##0.00"},
    )  # fmt: skip
    return [overview, values]


@require_http_methods(["GET"])
@login_redirect
def compilation_view(request: HttpRequest, year: int) -> HttpResponse:
    """The compilation of a year's submitted and accepted reports (national, or one province's with
    ``?province=``): page, ``?format=xlsx`` or ``pdf``."""
    require(request, can_receive_reports(request.user))
    province = request.GET.get("province", "")
    if province and province not in Province.values:
        raise Http404(_("No such province."))
    rows = compilation(request.user, year, province=province)
    scope = Province(province).label if province else _("National")
    title = _("Annual reports %(year)s: compilation (%(scope)s)") % {"year": year, "scope": scope}
    fmt = request.GET.get("format")
    suffix = f"-{province}" if province else ""
    if fmt == "xlsx":
        return xlsx_download(f"annual-reports-{year}{suffix}.xlsx", _compiled_sheets(title, rows))
    context = {"year": year, "rows": rows, "keys": key_indicators(), "title": title, "province": province,
               "provinces": Province.choices}  # fmt: skip
    if fmt == "pdf":
        pdf_rows = [{"c": c, "parts": _parts(c.report)} for c in rows]
        return _pdf("reports/compilation_pdf.html", {**context, "pdf_rows": pdf_rows},
                    f"annual-reports-{year}{suffix}.pdf")  # fmt: skip
    return render(request, "reports/compilation.html", context)


# an alliance's reports -----------------------------------------------------------------------------


@require_http_methods(["GET"])
@login_redirect
def alliance_reports(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's annual reports, newest first."""
    alliance = access_alliance(request.user, code, need=can_view_report)
    page, query = paginate(request, reports_of_alliance(request.user, alliance))
    return render(request, "reports/alliance.html", {"alliance": alliance, "page": page, "query": query})


@require_http_methods(["GET"])
@login_redirect
def report_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """One report: the four parts, the indicator table (live before submission, frozen after), the
    submissions with their digests and the history; ``?format=pdf`` for the report as submitted."""
    report = access_report(request.user, code, year, need=can_view_report)
    subs = list(submissions(report))
    last = subs[0] if subs else None
    frozen = snapshot(last) if report.status not in EDITABLE else []
    if request.GET.get("format") == "pdf":
        return _pdf("reports/report_pdf.html", {"report": report, "parts": _parts(report), "submission": last,
                                                "values": snapshot(last)},
                    f"annual-report-{code}-{year}.pdf")  # fmt: skip
    actors = actors_for(request.user, report.alliance_id)
    preparer = bool(can_prepare_report(request.user, report.alliance))
    context = {
        "report": report, "alliance": report.alliance, "parts": _parts(report), "submissions": subs,
        "frozen": frozen, "live": indicator_table(report.alliance_id, year) if report.status in EDITABLE else [],
        "history": history(report), "indicators_url": indicators_url(code, year),
        "may_edit": preparer and report.status in EDITABLE,
        **REPORT_TRANSITIONS.may(report.status, actors, submit=S.SUBMITTED, send_back=S.RETURNED, accept=S.ACCEPTED),
    }  # fmt: skip
    return render(request, "reports/report.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def report_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The secretariat writes the four parts (a draft, or a report returned for correction)."""
    report = access_report(request.user, code, year, need=can_prepare_report)
    if report.status not in EDITABLE:
        raise Http404(_("This report is not being prepared."))
    initial = {f"{p}_{lang}": getattr(report, f"{p}_{lang}") for p in PARTS for lang in ("zh", "en")}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.report_save(by=acting_user(request), report=report,
                                                               data=form.to_input()))  # fmt: skip
        if done is not None:
            messages.success(request, _("The draft is saved."))
            return redirect("reports:report", code=code, year=year)
    return render(request, "reports/form.html", {"report": report, "alliance": report.alliance, "form": form})


MOVES = {"submit", "return", "accept"}


@require_http_methods(["GET", "POST"])
@login_redirect
def report_move(request: HttpRequest, code: str, year: int, action: str) -> HttpResponse:
    """Submit (the secretariat), return for correction or accept (the national office); confirmed first."""
    if action not in MOVES:
        raise Http404(_("No such action."))
    need = can_prepare_report if action == "submit" else can_decide_report
    report = access_report(request.user, code, year, need=need)
    form = MoveForm(request.POST if request.method == "POST" else None)
    by = acting_user(request)

    def act() -> Any:
        if action == "submit":
            return services.report_submit(by=by, report=report)
        if action == "return":
            return services.report_return(by=by, report=report, reason=form.cleaned_data.get("reason") or "")
        return services.report_accept(by=by, report=report)

    done, confirming = confirm_step(request, form, act)
    if done is not None:
        messages.success(request, {
            "submit": _("The annual report is submitted."), "return": _("The report is returned for correction."),
            "accept": _("The annual report is accepted."),
        }[action])  # fmt: skip
        return redirect("reports:report", code=code, year=year)
    if action != "return":
        del form.fields["reason"]
    titles = {"submit": _("Submit the annual report %(year)s"), "return": _("Return the annual report %(year)s"),
              "accept": _("Accept the annual report %(year)s")}  # fmt: skip
    warnings = {
        "submit": _("The system's indicator values are recorded and frozen with the report; the SHA-256 digest "
                    "of what you submit is stored with your name. The report cannot be edited unless the office "
                    "returns it."),
        "return": _("The secretariat is told what is to be corrected and may submit again."),
        "accept": _("The report is accepted as submitted; this is final."),
    }  # fmt: skip
    context = {"alliance": report.alliance, "report": report, "form": form,
               "confirming": confirming or (request.method == "GET" and action != "return"),
               "title": titles[action] % {"year": year}, "warning": warnings[action]}  # fmt: skip
    return render(request, "reports/confirm.html", context)
