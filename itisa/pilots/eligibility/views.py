"""Eligibility pages: an alliance's Article 8 checklist, and the office's survey of every alliance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from itisa.accounts.actor import acting_user
from itisa.core.exports import xlsx_response
from itisa.pilots.eligibility import RULE_SETS, Report
from itisa.pilots.eligibility.build import alliance_report
from itisa.pilots.eligibility.criteria import FAIL, PASS, REVIEW, Criterion, Result
from itisa.pilots.eligibility.forms import FindingForm
from itisa.pilots.eligibility.labels import fact_rows, reference_label
from itisa.pilots.eligibility.permissions import (
    can_record_finding,
    can_survey_eligibility,
    can_view_eligibility,
)
from itisa.pilots.eligibility.selectors import eligibility_survey, findings_of
from itisa.pilots.services.findings import finding_record
from itisa.registry.choices import AllianceStatus
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, htmx_fragment, login_redirect, paginate, require

RESULT_LABELS = {
    PASS: gettext_lazy("Pass"),
    FAIL: gettext_lazy("Fail"),
    REVIEW: gettext_lazy("Needs review"),
}
ELIGIBLE_LABELS = {
    True: gettext_lazy("Eligible"),
    False: gettext_lazy("Not eligible"),
    None: gettext_lazy("Needs review"),
}


def _zh() -> bool:
    return (translation.get_language() or "").startswith("zh")


def _rules(request: HttpRequest) -> str:
    rules = request.GET.get("rules", "2008")
    return rules if rules in RULE_SETS else "2008"


def _criteria(rules: str) -> dict[str, Criterion]:
    return {c.code: c for c in RULE_SETS[rules].criteria}


def _line(result: Result, criterion: Criterion) -> dict[str, Any]:
    zh = _zh()
    return {
        "code": result.code,
        "label": criterion.label_zh if zh else criterion.label_en,
        "result": result.result,
        "result_label": RESULT_LABELS[result.result],
        "reason": result.reason_zh if zh else result.reason_en,
        "reference": reference_label(result.reference),
        "facts": fact_rows(result.facts),
    }


def report_context(report: Report) -> dict[str, Any]:
    criteria = _criteria(report.rules)
    return {
        "report": report,
        "eligible_label": ELIGIBLE_LABELS[report.eligible],
        "lines": [_line(r, criteria[r.code]) for r in report.results],
        "failed": sum(r.result == FAIL for r in report.results),
        "review": sum(r.result == REVIEW for r in report.results),
    }


def eligibility_panel(request: HttpRequest, alliance: Alliance) -> str:
    """On the alliance page: eligible or not under the 2008 rules, with a link to the checklist."""
    if alliance.status == AllianceStatus.DISSOLVED or not can_view_eligibility(request.user, alliance):
        return ""
    context = {"alliance": alliance, **report_context(alliance_report(alliance))}
    return render_to_string("pilots/eligibility_panel.html", context, request=request)


@login_redirect
def checklist(request: HttpRequest, code: str, *, finding_form: FindingForm | None = None) -> HttpResponse:
    """The alliance's Article 8 checklist under a chosen rule set, computed from what the platform holds now;
    the national office records its findings on what data cannot decide on the same page."""
    alliance = access_alliance(request.user, code, need=can_view_eligibility)
    rules = _rules(request)
    report = alliance_report(alliance, rules=rules)
    can_find = bool(can_record_finding(request.user, alliance))
    context = {
        "alliance": alliance,
        "rule_sets": RULE_SETS.values(),
        "rules": rules,
        "as_of": timezone.localdate(),
        "findings": list(findings_of(request.user, alliance)),
        "finding_form": finding_form or (FindingForm(alliance=alliance) if can_find else None),
        **report_context(report),
    }
    return render(request, "pilots/eligibility_checklist.html", context)


@login_redirect
@require_POST
def finding_add(request: HttpRequest, code: str) -> HttpResponse:
    """The national office records a finding (backbone enterprise, frontier standing) with its reason."""
    alliance = access_alliance(request.user, code, need=can_view_eligibility)
    require(request, can_record_finding(request.user, alliance))
    form = FindingForm(request.POST, alliance=alliance)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: finding_record(
                by=acting_user(request),
                alliance=alliance,
                organisation=data["organisation"],
                question=data["question"],
                holds=data["holds"] == "yes",
                reason=data["reason"],
            ),
        )
        if done is not None:
            messages.success(request, _("The finding is recorded."))
            return redirect(reverse("eligibility:checklist", args=[alliance.code]) + "#findings")
    return checklist(request, code, finding_form=form)


@login_redirect
def checklist_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The checklist in Chinese as a PDF, to print and file with an application."""
    from itisa.core.exports import attachment
    from itisa.core.pdf import font_uris, html_to_pdf

    alliance = access_alliance(request.user, code, need=can_view_eligibility)
    rules = _rules(request)
    today = timezone.localdate()
    with translation.override("zh-hans"):
        context = {
            "alliance": alliance,
            "as_of": today,
            "fonts": font_uris(),
            **report_context(alliance_report(alliance, rules=rules)),
        }
        context["verdict"] = str(context["eligible_label"])
        html = render_to_string("pilots/eligibility_pdf.html", context)
    return attachment(
        html_to_pdf(html), "application/pdf", f"{alliance.code}-eligibility-{rules}-{today.isoformat()}.pdf"
    )


def _as_of(request: HttpRequest, rules: str) -> dt.date | None:
    """The day asked for; one that does not parse, or precedes the rule set's date, is ignored (today)."""
    try:
        day = dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None
    return day if day >= RULE_SETS[rules].dated else None


@login_redirect
@vary_on_headers("HX-Request")  # the page and its htmx fragment share a URL
def survey(request: HttpRequest) -> HttpResponse:
    """Every alliance in the officer's scope checked at once: counts per criterion, then one row per alliance."""
    require(request, can_survey_eligibility(request.user))
    rules = _rules(request)
    result = eligibility_survey(request.user, rules=rules, as_of=_as_of(request, rules))
    criteria = _criteria(rules)
    zh = _zh()
    rows = result.rows
    q = request.GET.get("q", "").strip()
    if q:
        rows = [(a, r) for a, r in rows if q.upper() in a.code or q in a.name_zh]
    wanted = request.GET.get("eligible", "")
    if wanted in ("true", "false", "null"):
        value = {"true": True, "false": False, "null": None}[wanted]
        rows = [(a, r) for a, r in rows if r.eligible is value]
    failing = request.GET.get("failing", "")
    if failing in criteria:
        rows = [(a, r) for a, r in rows if any(x.code == failing and x.result == FAIL for x in r.results)]
    if request.GET.get("format") == "xlsx":
        return _survey_xlsx(rows, rules)
    page, query = paginate(request, rows)  # type: ignore[arg-type]
    total = len(result.rows) or 1
    bars = [
        {
            "code": code,
            "label": (criteria[code].label_zh if zh else criteria[code].label_en),
            "pass": c[PASS],
            "fail": c[FAIL],
            "review": c[REVIEW],
            "pass_width": round(100 * c[PASS] / total),
            "fail_width": round(100 * c[FAIL] / total),
            "review_width": round(100 * c[REVIEW] / total),
        }
        for code, c in result.counts.items()
    ]
    named = {code: (code, c.label_zh if zh else c.label_en) for code, c in criteria.items()}
    context = {
        "rules": rules,
        "rule_sets": RULE_SETS.values(),
        "bars": bars,
        "total": len(result.rows),
        "eligible_counts": [
            (ELIGIBLE_LABELS[k], result.eligible[v])
            for k, v in ((True, "eligible"), (False, "not_eligible"), (None, "needs_review"))
        ],
        "page": page,
        "query": query,
        "lines": [
            (
                a,
                r,
                ELIGIBLE_LABELS[r.eligible],
                [named[x.code] for x in r.results if x.result == FAIL],
                [named[x.code] for x in r.results if x.result == REVIEW],
            )
            for a, r in page.object_list
        ],
        "criteria": [(c.code, c.label_zh if zh else c.label_en) for c in criteria.values()],
        "filters": {"q": q, "eligible": wanted, "failing": failing},
    }
    if htmx_fragment(request):
        return render(request, "pilots/_eligibility_survey_results.html", context)
    return render(request, "pilots/eligibility_survey.html", context)


def _survey_xlsx(rows: list[tuple[Alliance, Report]], rules: str) -> HttpResponse:
    codes = [c.code for c in RULE_SETS[rules].criteria]
    columns: list[Any] = [
        (_("Alliance"), lambda row: row[0].code),
        (_("Name"), lambda row: row[0].name_zh),
        (_("Eligible"), lambda row: str(ELIGIBLE_LABELS[row[1].eligible])),
    ]
    for i, code in enumerate(codes):
        columns.append((code, lambda row, i=i: str(RESULT_LABELS[row[1].results[i].result])))
    return xlsx_response(f"eligibility-{rules}.xlsx", _("Eligibility"), columns, rows)
