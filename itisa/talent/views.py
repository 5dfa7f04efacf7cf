"""Talent pages: an alliance's training programmes (filters, search, pages, Excel) with the year's
statistics, a programme and its outcome, the staff exchanges likewise, and the Excel import of exchanges.
Thin: parse, call the selectors, permissions and services, render."""

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
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import xlsx_download, xlsx_response
from itisa.membership.models import Membership
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance
from itisa.talent import services
from itisa.talent.forms import (
    ExchangeFilterForm,
    ExchangeForm,
    ImportForm,
    OutcomeForm,
    ProgrammeFilterForm,
    ProgrammeForm,
    ProgrammeOutcomeForm,
)
from itisa.talent.imports import exchanges_import, template_sheets
from itisa.talent.permissions import can_keep_talent, can_view_talent
from itisa.talent.rules import duration
from itisa.talent.selectors import (
    access_exchange,
    access_programme,
    exchange_members,
    exchanges_of,
    programmes_of,
    talent_statistics,
)
from itisa.ui.pages import call_service, login_redirect, paginate, require


def talent_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: links to its training and exchanges, for those who see them (no query)."""
    if not can_view_talent(request.user, alliance):
        return ""
    return render_to_string("talent/_panel.html", {"alliance": alliance}, request=request)


def _members(alliance: Any) -> list[tuple[str, str]]:
    active = Membership.objects.active().filter(alliance=alliance)
    return [
        (str(o.pk), o.name_zh)
        for o in Organisation.objects.filter(memberships__in=active).order_by("name_zh")
    ]


def _programme_columns() -> list[Any]:
    return [
        (_("Code"), lambda p: p.code),
        (_("Kind"), lambda p: str(p.get_kind_display())),
        (_("Title"), lambda p: p.title_zh),
        (_("Title (English)"), lambda p: p.title_en),
        (_("Organising members"), lambda p: "、".join(o.name_zh for o in p.organisers.all())),
        (_("Starts on"), lambda p: p.starts_on),
        (_("Ends on"), lambda p: p.ends_on),
        (_("Planned participants"), lambda p: p.planned_participants),
        (_("Actual participants"), lambda p: p.actual_participants),
        (_("Outcome"), lambda p: p.outcome_zh),
    ]


def _exchange_columns() -> list[Any]:
    return [
        (_("Code"), lambda x: x.code),
        (_("Person"), lambda x: x.person_name),
        (_("From member"), lambda x: x.from_org.name_zh),
        (_("To member"), lambda x: x.to_org.name_zh),
        (_("Role"), lambda x: x.role_zh),
        (_("Starts on"), lambda x: x.starts_on),
        (_("Ends on"), lambda x: x.ends_on),
        (_("Person-months"), lambda x: duration(x.starts_on, x.ends_on).person_months),
        (_("Purpose"), lambda x: x.purpose_zh),
        (_("Outcome"), lambda x: x.outcome_zh),
    ]


@require_http_methods(["GET"])
@login_redirect
def programme_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's programmes by kind, year and text, 25 to a page, with the year's statistics;
    ``?format=xlsx`` downloads the same (filtered) list."""
    alliance = access_alliance(request.user, code, need=can_view_talent)
    form = ProgrammeFilterForm(request.GET)
    form.is_valid()
    filters = form.filters()
    qs = programmes_of(request.user, alliance, **filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{alliance.code}-programmes.xlsx", _("Training programmes"), _programme_columns(), qs
        )
    page, query = paginate(request, qs)
    year = filters["year"] or timezone.localdate().year
    context = {
        "alliance": alliance, "form": form, "page": page, "query": query,
        "stats": talent_statistics(alliance, year), "keeper": bool(can_keep_talent(request.user, alliance)),
    }  # fmt: skip
    return render(request, "talent/programmes.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a joint training programme."""
    alliance = access_alliance(request.user, code, need=can_keep_talent)
    form = ProgrammeForm(request.POST or None, members=_members(alliance))
    if request.method == "POST" and form.is_valid():
        row = call_service(form, lambda: services.programme_create(
            by=acting_user(request), alliance=alliance, data=form.to_input()))  # fmt: skip
        if row is not None:
            messages.success(request, _("The programme %(code)s is recorded.") % {"code": row.code})
            return redirect("talent:programme", code=code, programme=row.code)
    context = {"alliance": alliance, "form": form, "title": _("Record a training programme")}
    return render(request, "talent/form.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, code: str, programme: str) -> HttpResponse:
    """A programme; the secretariat records its outcome here from its last day."""
    obj = access_programme(request.user, code, programme)
    keeper = bool(can_keep_talent(request.user, obj.alliance))
    form = ProgrammeOutcomeForm(request.POST or None)
    if request.method == "POST":
        require(request, can_keep_talent(request.user, obj.alliance))
        if form.is_valid():
            done = call_service(form, lambda: services.programme_conclude(
                by=acting_user(request), programme=obj, data=form.to_input()))  # fmt: skip
            if done is not None:
                messages.success(request, _("The outcome is recorded."))
                return redirect("talent:programme", code=code, programme=obj.code)
    context = {"alliance": obj.alliance, "programme": obj, "form": form,
               "may_conclude": keeper and obj.concluded_on is None}  # fmt: skip
    return render(request, "talent/programme.html", context)


@require_http_methods(["GET"])
@login_redirect
def exchange_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's staff exchanges by year, member and text, 25 to a page; ``?format=xlsx`` downloads them."""
    alliance = access_alliance(request.user, code, need=can_view_talent)
    form = ExchangeFilterForm(request.GET, members=exchange_members(request.user, alliance))
    form.is_valid()
    qs = exchanges_of(request.user, alliance, **form.filters())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{alliance.code}-exchanges.xlsx", _("Staff exchanges"), _exchange_columns(), qs,
                             number_formats={8: "0.0"})  # fmt: skip
    page, query = paginate(request, qs)
    rows = [(x, duration(x.starts_on, x.ends_on)) for x in page]
    context = {"alliance": alliance, "form": form, "page": page, "rows": rows, "query": query,
               "keeper": bool(can_keep_talent(request.user, alliance))}  # fmt: skip
    return render(request, "talent/exchanges.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def exchange_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a staff exchange between two members."""
    alliance = access_alliance(request.user, code, need=can_keep_talent)
    form = ExchangeForm(request.POST or None, members=_members(alliance))
    if request.method == "POST" and form.is_valid():
        row = call_service(form, lambda: services.exchange_create(
            by=acting_user(request), alliance=alliance, data=form.to_input()))  # fmt: skip
        if row is not None:
            messages.success(request, _("The exchange %(code)s is recorded.") % {"code": row.code})
            return redirect("talent:exchange", code=code, exchange=row.code)
    context = {"alliance": alliance, "form": form, "title": _("Record a staff exchange")}
    return render(request, "talent/form.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def exchange_detail(request: HttpRequest, code: str, exchange: str) -> HttpResponse:
    """An exchange with its duration; the secretariat records its outcome here from its last day."""
    obj = access_exchange(request.user, code, exchange)
    keeper = bool(can_keep_talent(request.user, obj.alliance))
    form = OutcomeForm(request.POST or None)
    if request.method == "POST":
        require(request, can_keep_talent(request.user, obj.alliance))
        if form.is_valid():
            done = call_service(form, lambda: services.exchange_conclude(
                by=acting_user(request), exchange=obj, data=form.to_input()))  # fmt: skip
            if done is not None:
                messages.success(request, _("The outcome is recorded."))
                return redirect("talent:exchange", code=code, exchange=obj.code)
    context = {"alliance": obj.alliance, "exchange": obj, "duration": duration(obj.starts_on, obj.ends_on),
               "form": form, "may_conclude": keeper and obj.concluded_on is None}  # fmt: skip
    return render(request, "talent/exchange.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def exchange_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a filled-in template: every row recorded, or none (refused rows with their numbers)."""
    alliance = access_alliance(request.user, code, need=can_keep_talent)
    form = ImportForm(request.POST or None, request.FILES or None)
    refused: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = exchanges_import(
                by=acting_user(request), alliance=alliance, data=upload.read(5 * 1024 * 1024 + 1)
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
            refused = exc.fields
        else:
            messages.success(request, _("%(n)s exchanges are recorded.") % {"n": len(created)})
            return redirect("talent:exchanges", code=alliance.code)
    return render(request, "talent/import.html", {"alliance": alliance, "form": form, "refused": refused})


@login_redirect
@require_http_methods(["GET"])
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    """The documented template of the exchanges' import."""
    access_alliance(request.user, code, need=can_keep_talent)
    return xlsx_download("exchanges-template.xlsx", template_sheets())
