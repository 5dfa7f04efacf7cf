"""Pilot-program pages: calls, the office dashboard and the published list. Thin: parse, call the
selectors, permissions and services, render. Application pages are in application_views.py; the expert
pool and reviews in review_views.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from itisa.accounts.actor import acting_user
from itisa.core.decisions import Decision
from itisa.core.exports import attachment, xlsx_response
from itisa.pilots import charts, services
from itisa.pilots.choices import ApplicationStatus, CallScope, CallStatus, item_label
from itisa.pilots.forms import ApplicationFilterForm, CallFilterForm, CallForm, ConfirmForm
from itisa.pilots.models import Application
from itisa.pilots.permissions import (
    NOT_LOGGED_IN,
    can_create_call,
    can_edit_call,
    can_manage_call,
    can_manage_program,
)
from itisa.pilots.selectors import (
    access_call,
    access_published_call,
    applications_visible_to,
    calls_visible_to,
    dashboard,
    published_list,
    queue_scores,
    sees_scores,
    selections_of,
)
from itisa.pilots.workflows import CALL_TRANSITIONS, OFFICE
from itisa.ui.pages import call_service, confirm_step, htmx_fragment, login_redirect, paginate, require


@require_http_methods(["GET"])
def call_list(request: HttpRequest) -> HttpResponse:
    """Every call the viewer may see, newest first, filtered by programme (national or provincial) and
    province."""
    filters = CallFilterForm(request.GET)
    filters.is_valid()
    d = getattr(filters, "cleaned_data", {})
    calls = calls_visible_to(request.user, scope=d.get("scope") or "", province=d.get("province") or "")
    page, query = paginate(request, calls)
    context = {
        "page": page,
        "query": query,
        "filters": filters,
        "office": bool(can_manage_program(request.user)),
        "may_create": bool(_creation(request.user)),
    }
    return render(request, "pilots/calls.html", context)


def _creation(user: Any) -> Decision:
    """May the viewer draft some call: the national office a national one, a provincial department one
    of its own province."""
    from itisa.accounts.roles import role_summary

    provinces = sorted(role_summary(user).provinces)
    if provinces:
        return can_create_call(user, scope=CallScope.PROVINCIAL, province=provinces[0])
    return can_manage_program(user)


@login_redirect
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    """Draft a call: the national office a national one; a provincial department one of its province
    (the form starts from its own programme)."""
    from itisa.accounts.roles import role_summary

    require(request, _creation(request.user))
    provinces = sorted(role_summary(request.user).provinces)
    initial = (
        {"scope": CallScope.PROVINCIAL, "province": provinces[0], "max_cultivation": 0}
        if provinces and not can_manage_program(request.user)
        else {}
    )
    if "more" in request.POST:
        form = CallForm.from_post(request.POST, more=request.POST["more"], initial=initial)
        return render(request, "pilots/call_form.html", {"form": form})
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = call_service(form, lambda: services.call_create(by=acting_user(request), data=form.to_input()))
        if call is not None:
            messages.success(request, _("The call is drafted. Open it when it is ready."))
            return redirect("pilots:call", pk=call.pk)
    return render(request, "pilots/call_form.html", {"form": form})


@login_redirect
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft call (refused, with the reason, once it is open)."""
    call = access_call(request.user, pk)
    require(request, can_edit_call(request.user, call))
    initial = {f: getattr(call, f) for f in (*CallForm.base_fields, "materials", "rubric")}
    if "more" in request.POST:
        form = CallForm.from_post(request.POST, more=request.POST["more"], initial=initial, fixed_scope=True)
        return render(request, "pilots/call_form.html", {"form": form, "call": call})
    form = CallForm(request.POST or None, initial=initial, fixed_scope=True)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, lambda: services.call_update(by=acting_user(request), call=call, data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The call is changed."))
            return redirect("pilots:call", pk=call.pk)
    return render(request, "pilots/call_form.html", {"form": form, "call": call})


@login_redirect
@require_http_methods(["GET"])
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from itisa.accounts.choices import Role
    from itisa.accounts.roles import role_summary
    from itisa.registry.models import Alliance

    call = access_call(request.user, pk)
    mine = role_summary(request.user).alliances_with(Role.SECRETARIAT)
    office = bool(can_manage_call(request.user, call))
    context = {
        "call": call,
        "office": office,
        "follows": office or role_summary(request.user).national,
        **CALL_TRANSITIONS.may(
            call.status,
            {OFFICE} if office else set(),
            open=CallStatus.OPEN,
            close=CallStatus.CLOSED,
            publish=CallStatus.PUBLISHED,
        ),
        "editable": bool(can_edit_call(request.user, call)),
        "materials": [item_label(m) for m in call.materials],
        "rubric": [{"label": item_label(c), "weight": c["weight"], "code": c["code"]} for c in call.rubric],
        "my_alliances": list(Alliance.objects.filter(pk__in=mine).order_by("code")) if mine else [],
        "my_applications": list(
            applications_visible_to(request.user, call=call).filter(alliance_id__in=mine)
        ) if mine else [],
    }  # fmt: skip
    return render(request, "pilots/call.html", context)


def _call_move(request: HttpRequest, pk: int, service: object, done: str) -> HttpResponse:
    call = access_call(request.user, pk)
    form = ConfirmForm(request.POST)
    result = call_service(form, lambda: service(by=request.user, call=call))  # type: ignore[operator]
    if result is not None:
        messages.success(request, done)
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return redirect("pilots:call", pk=call.pk)


@login_redirect
@require_POST
def call_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_move(request, pk, services.call_open, _("The call is open."))


@login_redirect
@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing cannot be undone: the first post asks, the second (``confirmed``) closes."""
    call = access_call(request.user, pk)
    require(request, can_manage_call(request.user, call))
    form = ConfirmForm(request.POST)
    done, confirming = confirm_step(
        request, form, lambda: services.call_close(by=acting_user(request), call=call)
    )
    if done is not None:
        messages.success(request, _("The call is closed."))
        return redirect("pilots:call", pk=call.pk)
    context = {
        "call": call,
        "form": form,
        "confirming": confirming,
        "title": _("Close “%(call)s”") % {"call": call.title_zh},
        "warning": _(
            "No alliance can start or submit an application to this call any more; returned applications "
            "can still be corrected. A closed call cannot be opened again."
        ),
        "back": reverse("pilots:call", args=[call.pk]),
    }
    return render(request, "pilots/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = access_call(request.user, pk)
    require(request, can_manage_call(request.user, call))
    form = ConfirmForm(request.POST or None)
    done, confirming = confirm_step(
        request, form, lambda: services.call_publish(by=acting_user(request), call=call)
    )
    if done is not None and call.is_provincial:
        messages.success(
            request, _("The list is published; the selected alliances are recognised by the province.")
        )
        return redirect("pilots:published", pk=call.pk)
    if done is not None:
        messages.success(request, _("The list is published; the selected pilots are now pilots."))
        return redirect("pilots:published", pk=call.pk)
    context = {
        "call": call,
        "form": form,
        "confirming": confirming or request.method == "GET",
        "title": _("Publish the list of “%(call)s”") % {"call": call.title_zh},
        "warning": _(
            "Every decided application is published; each selected alliance is recognised as a provincial "
            "alliance (its registry status does not change). This cannot be undone."
        )
        if call.is_provincial
        else _(
            "Every decided application is published; each selected pilot alliance becomes a pilot for two "
            "years. This cannot be undone."
        ),
        "back": reverse("pilots:call", args=[call.pk]),
    }
    return render(request, "pilots/confirm.html", context)


@login_redirect
@require_http_methods(["GET"])
def office_dashboard(request: HttpRequest) -> HttpResponse:
    """Submitted applications by province, industry, status and failing criterion."""
    require(request, can_manage_program(request.user))
    calls = list(calls_visible_to(request.user, scope=CallScope.NATIONAL))
    call = next((c for c in calls if str(c.pk) == request.GET.get("call")), None)
    data = dashboard(request.user, call=call)
    context = {
        "calls": calls,
        "call": call,
        "total": data.total,
        "by_province": charts.bars(data.by_province),
        "by_industry": charts.bars(data.by_industry),
        "by_status": charts.bars(data.by_status),
        "by_criterion": charts.criterion_bars(data.by_failing_criterion),
    }
    return render(request, "pilots/dashboard.html", context)


def _eligible_label(a: Application) -> str:
    if a.eligible is None:
        return str(_("Needs review")) if a.eligibility else ""
    return str(_("Yes") if a.eligible else _("No"))


def _province(a: Application) -> str:
    if a.alliance.province:
        return str(a.alliance.get_province_display())
    return str(a.alliance.host_unit.get_province_display()) if a.alliance.host_unit else ""


def _queue_columns() -> list[Any]:
    """The queue as the table shows it (no scores: recommenders and alliances download it too)."""
    return [
        (_("Alliance"), lambda a: a.alliance.code),
        (_("Name"), lambda a: a.alliance.name_zh),
        (_("Call"), lambda a: a.call.title_zh),
        (_("Province"), _province),
        (_("Industry"), lambda a: a.alliance.industry),
        (
            capfirst(_("submitted at")),
            lambda a: (
                timezone.localtime(a.submitted_at).replace(tzinfo=None, microsecond=0)
                if a.submitted_at
                else None
            ),
        ),
        (_("Eligible"), _eligible_label),
        (_("Recommendations"), lambda a: a.n_recommendations),
        (_("Reviews"), lambda a: f"{a.n_reviews}/{a.n_assignments}"),
        (_("Status"), lambda a: str(a.get_status_display())),
        (_("Decision"), lambda a: str(a.get_outcome_display()) if a.status == "published" else ""),
    ]


@login_redirect
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")  # the page and its htmx fragment share a URL
def queue(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Applications the viewer may see (the office's queue, a recommender's province or industry, the
    alliance's own), with search, filters and pages."""
    if not request.user.is_authenticated:
        require(request, Decision.deny(NOT_LOGGED_IN))
    call = access_call(request.user, pk) if pk is not None else None
    filters = ApplicationFilterForm(request.GET)
    filters.is_valid()
    d = getattr(filters, "cleaned_data", {})
    qs = applications_visible_to(
        request.user,
        call=call,
        status=d.get("status") or "",
        q=d.get("q") or "",
        province=d.get("province") or "",
        industry=d.get("industry") or "",
        scope=d.get("scope") or "",
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response("pilot-applications.xlsx", _("Pilot applications"), _queue_columns(), qs)
    page, query = paginate(request, qs)
    scores = queue_scores(request.user, list(page.object_list))
    for application in page.object_list:
        application.queue_score = scores.get(application.pk)
    context = {
        "call": call,
        "page": page,
        "query": query,
        "filters": filters,
        "statuses": ApplicationStatus.choices,
        # the score columns only for those who may see every review of a call on the page
        "show_scores": any(sees_scores(request.user, a.call) for a in page.object_list),
    }
    if htmx_fragment(request):
        return render(request, "pilots/_application_results.html", context)
    return render(request, "pilots/applications.html", context)


@login_redirect
@require_http_methods(["GET"])
def published(request: HttpRequest, pk: int) -> HttpResponse:
    """The public list of selected pilots and cultivation alliances."""
    call = access_published_call(request.user, pk)
    rows = list(published_list(call))
    return render(request, "pilots/published.html", {"call": call, "rows": rows})


def _columns() -> list[tuple[object, object]]:
    return [
        (_("Alliance"), lambda a: a.alliance.code),
        (_("Name"), lambda a: a.alliance.name_zh),
        (_("Decision"), lambda a: a.get_outcome_display()),
        (_("Pilot period from"), lambda a: a.pilot_from),
        (_("Pilot period until"), lambda a: a.pilot_until),
        (_("Reasons"), lambda a: a.decision_reasons),
    ]


@login_redirect
@require_http_methods(["GET"])
def published_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    call = access_published_call(request.user, pk)
    rows = list(published_list(call))
    return xlsx_response(f"pilots-call-{call.pk}.xlsx", _("Pilot list"), _columns(), rows)  # type: ignore[arg-type]


@login_redirect
@require_http_methods(["GET"])
def published_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from django.template.loader import render_to_string
    from django.utils import translation

    from itisa.core.pdf import font_uris, html_to_pdf

    call = access_published_call(request.user, pk)
    rows = list(published_list(call))
    with translation.override("zh-hans"):
        html = render_to_string(
            "pilots/published_pdf.html", {"call": call, "rows": rows, "fonts": font_uris()}
        )
    return attachment(html_to_pdf(html), "application/pdf", f"pilots-call-{call.pk}.pdf")


def pilot_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: its published selections (pilot with its period, or cultivation), public; and
    the applications in progress that the viewer may see (its secretariat, the office, competent officers)."""
    from django.template.loader import render_to_string

    selections = list(selections_of(alliance))
    in_progress = list(
        applications_visible_to(request.user)
        .filter(alliance=alliance)
        .exclude(status=ApplicationStatus.PUBLISHED)
        .order_by("-call__opens_on", "-pk")
    )
    if not selections and not in_progress:
        return ""
    context = {"alliance": alliance, "selections": selections, "in_progress": in_progress}
    return render_to_string("pilots/pilot_panel.html", context, request=request)
