"""Financing pages: the needs (filters, search, pages, Excel), a need with its history, the alliance's
recommendation and the institutions' responses; the credit lines with what is drawn, undrawn and
outstanding; a line with its drawdowns and repayments. Thin: parse, call the selectors, permissions and
services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import xlsx_response
from itisa.financing import services
from itisa.financing.choices import NeedStatus as N
from itisa.financing.forms import (
    ConfirmForm,
    DrawdownForm,
    LineForm,
    NeedFilterForm,
    NeedForm,
    RecommendationForm,
    RepaymentForm,
    ResponseForm,
)
from itisa.financing.models import FinancingNeed
from itisa.financing.permissions import can_keep_financing, can_view_financing, need_actors, own_organisations
from itisa.financing.selectors import access_line, access_need, line_document, lines_of, needs_of
from itisa.financing.workflows import NEED_TRANSITIONS
from itisa.ledger.choices import FundKind
from itisa.ledger.models import Fund
from itisa.membership.models import Membership
from itisa.projects.models import Project
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def financing_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: links to its financing, for those who see it (no query)."""
    if not can_view_financing(request.user, alliance):
        return ""
    return render_to_string("financing/_panel.html", {"alliance": alliance}, request=request)


def _members(request: HttpRequest, alliance: Any) -> list[tuple[str, str]]:
    active = Membership.objects.active().filter(alliance=alliance)
    orgs = Organisation.objects.filter(memberships__in=active).order_by("name_zh")
    if not can_keep_financing(request.user, alliance):
        orgs = orgs.filter(pk__in=own_organisations(request.user, alliance))
    return [(str(o.pk), o.name_zh) for o in orgs]


def _projects(alliance: Any) -> list[tuple[str, str]]:
    return [
        (str(p.pk), f"{p.code} {p.title_zh}")
        for p in Project.objects.filter(alliance=alliance).order_by("code")
    ]


def _need_columns() -> list[Any]:
    return [
        (_("Code"), lambda n: n.code),
        (_("Member"), lambda n: n.organisation.name_zh if n.organisation else ""),
        (_("Project"), lambda n: n.project.code if n.project else ""),
        (_("Channel"), lambda n: str(n.get_channel_display())),
        (_("Amount sought (CNY)"), lambda n: n.amount),
        (_("Purpose"), lambda n: n.purpose_zh),
        (_("Status"), lambda n: str(n.get_status_display())),
        (_("Letter reference"), lambda n: n.letter_ref),
    ]


@require_http_methods(["GET"])
@login_redirect
def need_list(request: HttpRequest, code: str) -> HttpResponse:
    """The needs the viewer sees, by status, channel, year and text, 25 to a page; ``?format=xlsx`` downloads them."""
    alliance = access_alliance(request.user, code, need=can_view_financing)
    form = NeedFilterForm(request.GET)
    form.is_valid()
    qs = needs_of(request.user, alliance, **form.filters())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{alliance.code}-financing-needs.xlsx", _("Financing needs"), _need_columns(), qs,
                             number_formats={5: "#,##0.00"})  # fmt: skip
    page, query = paginate(request, qs)
    context = {"alliance": alliance, "form": form, "page": page, "query": query,
               "may_apply": bool(can_keep_financing(request.user, alliance) or own_organisations(request.user, alliance))}  # fmt: skip
    return render(request, "financing/needs.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a draft financing need (the secretariat; a member's representative for its own organisation)."""
    alliance = access_alliance(request.user, code, need=can_view_financing)
    members = _members(request, alliance)
    keeper = bool(can_keep_financing(request.user, alliance))
    if not members and not keeper:
        require(request, can_keep_financing(request.user, alliance))
    form = NeedForm(request.POST or None, members=members, projects=_projects(alliance) if keeper else [])
    if request.method == "POST" and form.is_valid():
        need = call_service(
            form,
            lambda: services.need_create(by=acting_user(request), alliance=alliance, data=form.to_input()),
        )
        if need is not None:
            messages.success(request, _("The need %(code)s is recorded as a draft.") % {"code": need.code})
            return redirect("financing:need", code=code, need=need.code)
    return render(
        request,
        "financing/form.html",
        {"alliance": alliance, "form": form, "title": _("Record a financing need")},
    )


def _need_page(request: HttpRequest, need: FinancingNeed, **forms: Any) -> HttpResponse:
    actors = need_actors(request.user, need)
    flags = NEED_TRANSITIONS.may(
        need.status, actors, submit=N.SUBMITTED, recommend=N.RECOMMENDED, close=N.CLOSED
    )
    keeper = bool(can_keep_financing(request.user, need.alliance))
    may_respond = keeper and need.status in (N.RECOMMENDED, N.OFFERED, N.DECLINED)
    context = {
        "alliance": need.alliance, "need": need, "history": list(need.status_changes.select_related("by")),
        "responses": list(need.responses.all()), **flags, "may_respond": may_respond,
        "recommend_form": forms.get("recommend_form") or RecommendationForm(),
        "response_form": forms.get("response_form") or ResponseForm(),
    }  # fmt: skip
    return render(request, "financing/need.html", context)


@require_http_methods(["GET"])
@login_redirect
def need_detail(request: HttpRequest, code: str, need: str) -> HttpResponse:
    """A need with its history, the alliance's recommendation and the institutions' responses."""
    return _need_page(request, access_need(request.user, code, need))


@login_redirect
@require_http_methods(["POST"])
def need_submit(request: HttpRequest, code: str, need: str) -> HttpResponse:
    """Submit a draft need to the alliance."""
    obj = access_need(request.user, code, need)
    form = ConfirmForm(request.POST)
    form.is_valid()
    if call_service(form, lambda: services.need_submit(by=acting_user(request), need=obj)) is not None:
        messages.success(request, _("The need is submitted to the alliance."))
    for e in form.non_field_errors():
        messages.error(request, str(e))
    return redirect("financing:need", code=code, need=obj.code)


@login_redirect
@require_http_methods(["POST"])
def need_recommend(request: HttpRequest, code: str, need: str) -> HttpResponse:
    """The secretariat records the alliance's recommendation, or its refusal, with its letter and reason."""
    obj = access_need(request.user, code, need)
    require(request, can_keep_financing(request.user, obj.alliance))
    form = RecommendationForm(request.POST)
    if form.is_valid():
        done = call_service(
            form, lambda: services.need_recommend(by=acting_user(request), need=obj, data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The alliance's recommendation is recorded."))
            return redirect("financing:need", code=code, need=obj.code)
    return _need_page(request, obj, recommend_form=form)


@login_redirect
@require_http_methods(["POST"])
def response_record(request: HttpRequest, code: str, need: str) -> HttpResponse:
    """The secretariat records an institution's response."""
    obj = access_need(request.user, code, need)
    require(request, can_keep_financing(request.user, obj.alliance))
    form = ResponseForm(request.POST)
    if form.is_valid():
        done = call_service(
            form, lambda: services.response_record(by=acting_user(request), need=obj, data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The response is recorded."))
            return redirect("financing:need", code=code, need=obj.code)
    return _need_page(request, obj, response_form=form)


@login_redirect
@require_http_methods(["GET", "POST"])
def need_close(request: HttpRequest, code: str, need: str) -> HttpResponse:
    """Close a need; confirmed first."""
    obj = access_need(request.user, code, need)
    form = ConfirmForm(request.POST or None)
    done, confirming = confirm_step(request, form, lambda: services.need_close(
        by=acting_user(request), need=obj, comment=form.cleaned_data.get("comment", "")))  # fmt: skip
    if done is not None:
        messages.success(request, _("The need %(code)s is closed.") % {"code": obj.code})
        return redirect("financing:need", code=code, need=obj.code)
    context = {
        "alliance": obj.alliance, "need": obj, "form": form, "confirming": confirming,
        "title": _("Close need %(code)s") % {"code": obj.code},
        "warning": _("A closed need takes no further step; record a new need to seek money again."),
    }  # fmt: skip
    return render(request, "financing/confirm.html", context)


def _line_form(request: HttpRequest, alliance: Any, data: Any = None) -> LineForm:
    funds = Fund.objects.filter(book__alliance=alliance, kind=FundKind.BANK_LOAN).order_by("name_zh")
    needs = FinancingNeed.objects.filter(alliance=alliance).order_by("code")
    return LineForm(data, members=_members(request, alliance), funds=[(str(f.pk), f.name_zh) for f in funds],
                    projects=_projects(alliance), needs=[(str(n.pk), n.code) for n in needs])  # fmt: skip


@login_redirect
@require_http_methods(["GET"])
def line_list(request: HttpRequest, code: str) -> HttpResponse:
    """The credit lines the viewer sees with their limit, drawn, undrawn and outstanding."""
    alliance = access_alliance(request.user, code, need=can_view_financing)
    today = timezone.localdate()
    rows = [line_document(line, today=today) for line in lines_of(request.user, alliance)]
    context = {"alliance": alliance, "rows": rows, "keeper": bool(can_keep_financing(request.user, alliance))}
    return render(request, "financing/lines.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a credit line."""
    alliance = access_alliance(request.user, code, need=can_keep_financing)
    form = _line_form(request, alliance, request.POST or None)
    if request.method == "POST" and form.is_valid():
        line = call_service(
            form, lambda: services.line_open(by=acting_user(request), alliance=alliance, data=form.to_input())
        )
        if line is not None:
            messages.success(request, _("The credit line %(code)s is recorded.") % {"code": line.code})
            return redirect("financing:line", code=code, line=line.code)
    return render(
        request,
        "financing/form.html",
        {"alliance": alliance, "form": form, "title": _("Record a credit line")},
    )


def _line_page(request: HttpRequest, line: Any, **forms: Any) -> HttpResponse:
    doc = line_document(line, today=timezone.localdate())
    keeper = bool(can_keep_financing(request.user, line.alliance))
    drawdowns = [(str(d.pk), f"#{d.seq} {d.amount}") for d in line.drawdowns.all()]
    context = {
        "alliance": line.alliance, "line": line, "doc": doc, "keeper": keeper,
        "drawdown_form": forms.get("drawdown_form") or DrawdownForm(),
        "repayment_form": forms.get("repayment_form") or RepaymentForm(drawdowns=drawdowns),
    }  # fmt: skip
    return render(request, "financing/line.html", context)


@require_http_methods(["GET"])
@login_redirect
def line_detail(request: HttpRequest, code: str, line: str) -> HttpResponse:
    """A credit line with its drawdowns, their repayments and what is outstanding."""
    return _line_page(request, access_line(request.user, code, line))


@login_redirect
@require_http_methods(["POST"])
def drawdown_record(request: HttpRequest, code: str, line: str) -> HttpResponse:
    obj = access_line(request.user, code, line)
    require(request, can_keep_financing(request.user, obj.alliance))
    form = DrawdownForm(request.POST)
    if form.is_valid():
        done = call_service(
            form, lambda: services.drawdown_record(by=acting_user(request), line=obj, data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The drawdown is recorded."))
            return redirect("financing:line", code=code, line=obj.code)
    return _line_page(request, obj, drawdown_form=form)


@login_redirect
@require_http_methods(["POST"])
def repayment_record(request: HttpRequest, code: str, line: str) -> HttpResponse:
    obj = access_line(request.user, code, line)
    require(request, can_keep_financing(request.user, obj.alliance))
    drawdowns = {d.pk: d for d in obj.drawdowns.all()}
    form = RepaymentForm(
        request.POST, drawdowns=[(str(pk), f"#{d.seq} {d.amount}") for pk, d in drawdowns.items()]
    )
    if form.is_valid():
        drawdown = drawdowns[form.cleaned_data["drawdown"]]
        done = call_service(form, lambda: services.repayment_record(by=acting_user(request), drawdown=drawdown,
                                                                    data=form.to_input()))  # fmt: skip
        if done is not None:
            messages.success(request, _("The repayment is recorded."))
            return redirect("financing:line", code=code, line=obj.code)
    return _line_page(request, obj, repayment_form=form)
