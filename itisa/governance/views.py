"""The governance page of an alliance: bodies, seats, rules, staff register, liability member."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.agreements.permissions import can_view_agreements
from itisa.agreements.procedures import procedures_display
from itisa.governance import services
from itisa.governance.forms import BodyForm, EndForm, LiabilityForm, RulesForm, SeatForm, StaffForm
from itisa.governance.permissions import can_manage_governance, can_see_voter_names, can_view_governance
from itisa.governance.selectors import (
    access_body,
    access_seat,
    access_staff_member,
    agreement_procedures,
    bodies_of,
    current_rules,
    governance_facts,
    staff_of,
)
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance
from itisa.ui.forms import StyledForm
from itisa.ui.pages import call_service, login_redirect


def governance_panel(request: HttpRequest, alliance: Alliance) -> str:
    """At a glance on the alliance page: the three kinds of body, full-time staff, the liability member."""
    if not can_view_governance(request.user, alliance):
        return ""
    bodies = list(bodies_of(request.user, alliance))
    context = {
        "alliance": alliance,
        "bodies": [(b, current_rules(b)) for b in bodies],
        "facts": governance_facts(alliance),
    }
    return render_to_string("governance/_panel.html", context, request=request)


def _page(request: HttpRequest, alliance: Alliance, **bound: Any) -> HttpResponse:
    can_manage = can_manage_governance(request.user, alliance)
    bodies = list(bodies_of(request.user, alliance))
    found = agreement_procedures(alliance)
    named = {v.body_zh for v in found[1].votes} if found else set()
    context: dict[str, Any] = {
        "alliance": alliance,
        # (body, ordinary rules, every version newest first, the agreement its rules come from or None)
        "bodies": [
            (
                b,
                current_rules(b),
                sorted(b.rule_sets.all(), key=lambda s: -s.version),
                found[0] if found and b.name_zh in named else None,
            )
            for b in bodies
        ],
        "procedures": (
            {"version": found[0], "display": procedures_display(found[1])} if found is not None else None
        ),
        "agreement_link": bool(can_view_agreements(request.user, alliance)),
        "staff": list(staff_of(request.user, alliance, include_past=request.GET.get("past") == "1")),
        "facts": governance_facts(alliance),
        "can_manage": can_manage,
        "show_names": bool(can_see_voter_names(request.user, alliance)),
        "body_form": bound.get("body_form") or BodyForm(),
        "seat_form": bound.get("seat_form") or SeatForm(),
        "seat_body": bound.get("seat_body"),
        "rules_form": bound.get("rules_form") or RulesForm(),
        "rules_body": bound.get("rules_body"),
        "staff_form": bound.get("staff_form") or StaffForm(),
        "liability_form": bound.get("liability_form") or LiabilityForm(),
    }
    return render(request, "governance/governance.html", context)


@login_redirect
@require_http_methods(["GET"])
def governance(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, access_alliance(request.user, code, need=can_view_governance))


def _org(form: StyledForm, field: str) -> tuple[Organisation | None, bool]:
    code = (form.cleaned_data.get(field) or "").strip().upper()
    if not code:
        return None, True
    org = Organisation.objects.filter(uscc=code).first()
    if org is None:
        form.add_error(field, _("No organisation with this credit code."))
        return None, False
    return org, True


def _done(request: HttpRequest, alliance: Alliance, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("governance:governance", code=alliance.code)


@login_redirect
@require_POST
def body_add(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    form = BodyForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        body = call_service(
            form,
            lambda: services.body_create(
                by=acting_user(request),
                alliance=alliance,
                body_type=d["body_type"],
                name_zh=d["name_zh"],
                name_en=d["name_en"],
                duties_zh=d["duties_zh"],
                rules={"preset": d["preset"]},
            ),
        )
        if body is not None:
            return _done(request, alliance, _("Body %(name)s created.") % {"name": body.name_zh})
    return _page(request, alliance, body_form=form)


@login_redirect
@require_POST
def seat_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    body = access_body(request.user, pk, alliance=alliance)
    form = SeatForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        org, ok = _org(form, "organisation")
        representative = None
        if d["representative"]:
            representative = (
                get_user_model().objects.filter(username=d["representative"], is_active=True).first()
            )
            if representative is None:
                form.add_error("representative", _("No active user with this username."))
                ok = False
        if ok:
            seat = call_service(
                form,
                lambda: services.seat_add(
                    by=acting_user(request),
                    body=body,
                    holder_name=d["holder_name"],
                    role=d["role"],
                    term_start=d["term_start"],
                    term_end=d["term_end"],
                    organisation=org,
                    representative=representative,
                ),
            )
            if seat is not None:
                return _done(request, alliance, _("Seat added to %(body)s.") % {"body": body.name_zh})
    return _page(request, alliance, seat_form=form, seat_body=body)


@login_redirect
@require_POST
def rules_adopt(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    body = access_body(request.user, pk, alliance=alliance)
    form = RulesForm(request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        rs = call_service(
            form,
            lambda: services.rules_adopt(
                by=acting_user(request), body=body, rules=d, adopted_on=d["adopted_on"]
            ),
        )
        if rs is not None:
            return _done(
                request,
                alliance,
                _("Rules version %(v)s adopted for %(body)s.") % {"v": rs.version, "body": body.name_zh},
            )
    return _page(request, alliance, rules_form=form, rules_body=body)


@login_redirect
@require_POST
def staff_add(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    form = StaffForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        employer, ok = _org(form, "employer")
        if ok:
            staff = call_service(
                form,
                lambda: services.staff_add(
                    by=acting_user(request),
                    alliance=alliance,
                    name=d["name"],
                    position=d["position"],
                    full_time=d["full_time"],
                    since=d["since"],
                    employer=employer,
                    employer_name=d["employer_name"],
                ),
            )
            if staff is not None:
                return _done(
                    request, alliance, _("%(name)s added to the staff register.") % {"name": staff.name}
                )
    return _page(request, alliance, staff_form=form)


@login_redirect
@require_POST
def liability(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    form = LiabilityForm(request.POST)
    if form.is_valid():
        org, ok = _org(form, "organisation")
        if ok and org is not None:
            row = call_service(
                form,
                lambda: services.liability_designate(
                    by=acting_user(request),
                    alliance=alliance,
                    organisation=org,
                    since=form.cleaned_data["since"],
                ),
            )
            if row is not None:
                return _done(
                    request, alliance, _("%(org)s bears the external liability.") % {"org": org.name_zh}
                )
    return _page(request, alliance, liability_form=form)


@login_redirect
@require_http_methods(["GET", "POST"])
def seat_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """End a seat's term: a date, then a confirmation."""
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    seat = access_seat(request.user, pk, alliance=alliance)
    return _end(request, alliance, seat, _("End the term of %(name)s on %(body)s") % {"name": seat.holder_name, "body": seat.body.name_zh},
                lambda on: services.seat_end(by=acting_user(request), seat=seat, term_end=on))  # fmt: skip


@login_redirect
@require_http_methods(["GET", "POST"])
def staff_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Record that a staff member left: a date, then a confirmation."""
    alliance = access_alliance(request.user, code, need=(can_view_governance, can_manage_governance))
    staff = access_staff_member(request.user, pk, alliance=alliance)
    return _end(request, alliance, staff, _("%(name)s leaves the secretariat") % {"name": staff.name},
                lambda on: services.staff_end(by=acting_user(request), staff=staff, until=on))  # fmt: skip


def _end(request: HttpRequest, alliance: Alliance, obj: Any, title: str, call: Any) -> HttpResponse:
    form = EndForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirming = True
        elif call_service(form, lambda: call(form.cleaned_data["on"])) is not None:
            return _done(request, alliance, _("Recorded."))
    return render(
        request,
        "governance/end.html",
        {"alliance": alliance, "title": title, "form": form, "confirming": confirming},
    )
