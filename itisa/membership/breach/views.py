"""Breach pages: the alliance's notices of breach with filters (the secretariat sees all, a member's
contacts their own), serving a notice (with a confirmation), a notice's page with its timeline and the
steps the viewer may take, and the referral to the council (with a confirmation). Thin: parse the
forms, call the breach selectors and services, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.agreements.selectors import effective_version
from itisa.membership.breach import rules
from itisa.membership.breach.forms import BreachFilterForm, ReferForm, ServeForm, TextForm
from itisa.membership.choices import BreachStatus as B
from itisa.membership.models import BreachNotice
from itisa.membership.permissions import can_manage_members, can_report_cure, can_view_breaches
from itisa.membership.selectors import access_breach, breach_history, breaches_of
from itisa.membership.services import (
    breach_confirm_cure,
    breach_refer,
    breach_reject_cure,
    breach_report_cure,
    breach_serve,
    breach_withdraw,
)
from itisa.membership.workflows import BREACH_TRANSITIONS, KEEPER, MEMBER
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


@login_redirect
@require_http_methods(["GET"])
def breaches(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_view_breaches)
    filters = BreachFilterForm(request.GET or None)
    d = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    qs = breaches_of(
        request.user, alliance, status=d.get("status") or "", organisation=d.get("organisation") or ""
    )
    page, query = paginate(request, qs)
    context = {
        "alliance": alliance,
        "page": page,
        "query": query,
        "filters": filters,
        "keeper": bool(can_manage_members(request.user, alliance)),
        "today": timezone.localdate(),
    }
    return render(request, "membership/breaches.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def breach_serve_page(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_manage_members)
    form = ServeForm(request.POST or None, alliance=alliance)
    done, confirming = confirm_step(
        request,
        form,
        lambda: breach_serve(
            by=acting_user(request), membership=form.cleaned_data["membership"], data=form.to_input()
        ),
    )
    if done is not None:
        messages.success(request, _("The notice of breach is served; the member is told."))
        return redirect("membership:breach", code=alliance.code, pk=done.pk)
    version = effective_version(alliance)
    content = version.content or {} if version else {}
    context = {
        "alliance": alliance,
        "form": form,
        "confirming": confirming,
        "version": version,
        "cure_days": rules.cure_days(content) if version else None,
        "listed": rules.listed_breaches(content),
    }
    return render(request, "membership/breach_serve.html", context)


def _actors(request: HttpRequest, notice: BreachNotice) -> set[str]:
    actors = set()
    if can_manage_members(request.user, notice.membership.alliance):
        actors.add(KEEPER)
    if can_report_cure(request.user, notice):
        actors.add(MEMBER)
    return actors


@login_redirect
@require_http_methods(["GET"])
def breach(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    notice = access_breach(request.user, pk, alliance=alliance)
    actors = _actors(request, notice)
    context = {
        "alliance": alliance,
        "notice": notice,
        "history": list(breach_history(notice)),
        "suspension": getattr(notice, "suspension", None) if notice.status == B.REMEDIED else None,
        "claim": getattr(notice, "recovery_claim", None),
        "overdue": notice.status in (B.SERVED, B.LAPSED) and timezone.localdate() > notice.cure_by,
        "report_form": TextForm(prefix="report", label=_("How the breach was cured")),
        "confirm_form": TextForm(prefix="confirm", label=_("Evidence of the cure")),
        "reason_form": TextForm(prefix="reason", label=_("Reason")),
        **BREACH_TRANSITIONS.may(
            notice.status,
            actors,
            report=B.CURE_REPORTED,
            confirm=B.CURED,
            reject=B.SERVED,
            refer=B.REFERRED,
            withdraw=B.WITHDRAWN,
        ),  # fmt: skip
    }
    return render(request, "membership/breach.html", context)


STEPS: dict[str, tuple[Callable[..., BreachNotice], str, Any]] = {
    "report": (breach_report_cure, "report", _("Your report is sent to the secretariat.")),
    "confirm": (breach_confirm_cure, "evidence", _("The breach is recorded as cured.")),
    "reject": (breach_reject_cure, "reason", _("The member is told the breach is not cured.")),
    "withdraw": (breach_withdraw, "reason", _("The notice of breach is withdrawn.")),
}


@login_redirect
@require_POST
def breach_step(request: HttpRequest, code: str, pk: int, step: str) -> HttpResponse:
    """One of the text steps (report a cure, confirm it, find it wanting, withdraw); refusals go back to
    the notice's page as a message, nothing written."""
    alliance = access_alliance(request.user, code)
    notice = access_breach(request.user, pk, alliance=alliance)
    service, argument, success = STEPS[step]
    prefix = "reason" if step in ("reject", "withdraw") else step
    form = TextForm(request.POST, prefix=prefix)
    if step == "report":
        require(request, can_report_cure(request.user, notice))
    else:
        require(request, can_manage_members(request.user, alliance))
    if form.is_valid():
        text = form.cleaned_data["text"]
        done = call_service(form, lambda: service(by=acting_user(request), notice=notice, **{argument: text}))
        if done is not None:
            messages.success(request, str(success))
            return redirect("membership:breach", code=alliance.code, pk=notice.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("membership:breach", code=alliance.code, pk=notice.pk)


@login_redirect
@require_http_methods(["GET", "POST"])
def breach_refer_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_manage_members)
    notice = access_breach(request.user, pk, alliance=alliance)
    form = ReferForm(request.POST or None, alliance=alliance)
    done, confirming = confirm_step(
        request,
        form,
        lambda: breach_refer(
            by=acting_user(request), notice=notice, body=form.cleaned_data["body"], data=form.to_input()
        ),
    )
    if done is not None:
        messages.success(request, _("The breach is referred to the council; its seats are asked to vote."))
        return redirect("membership:breach", code=alliance.code, pk=notice.pk)
    version = effective_version(alliance)
    allowed = [str(r.label) for r in rules.allowed_remedies(version.content if version else None)]
    context = {
        "alliance": alliance,
        "notice": notice,
        "form": form,
        "confirming": confirming,
        "version": version,
        "allowed": allowed,
        "back": reverse("membership:breach", args=[alliance.code, notice.pk]),
    }
    return render(request, "membership/breach_refer.html", context)
