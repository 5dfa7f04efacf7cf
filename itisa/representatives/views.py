"""Representatives pages: an organisation's representatives (the current appointed representative, the
people acting for it by function, its appointments), applying (or proposing someone), naming people and
removing them (confirmed first), and an appointment's page where a confirmer confirms (confirmed first) or
rejects it with a reason. Thin: parse, call the selectors, permissions and services, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_organisation
from itisa.representatives import services
from itisa.representatives.choices import Function
from itisa.representatives.forms import ApplyForm, ConfirmForm, NameForm, RejectForm, RemoveForm
from itisa.representatives.permissions import (
    can_apply,
    can_decide,
    functions_named_by,
    is_confirmer,
    may_manage,
)
from itisa.representatives.selectors import access_appointment, access_representation, representation_of
from itisa.representatives.workflows import APPOINTMENT_TRANSITIONS, CONFIRMER
from itisa.ui.pages import call_service, confirm_step, login_redirect, require


def _page(request: HttpRequest, org: Organisation, name_form: NameForm | None = None) -> HttpResponse:
    functions = functions_named_by(request.user, org)
    context = {
        "org": org,
        "rep": representation_of(org),
        "functions": functions,
        "name_form": name_form or (NameForm(functions=functions) if functions else None),
        "may_decide": is_confirmer(request.user, org),
        "may_propose": bool(can_apply(request.user, org, None)),
    }
    return render(request, "representatives/page.html", context)


@require_http_methods(["GET"])
@login_redirect
def representation_page(request: HttpRequest, uscc: str) -> HttpResponse:
    """The organisation's representatives, with the naming form for those who act for it."""
    return _page(request, access_representation(request.user, uscc))


@require_http_methods(["POST"])
@login_redirect
def function_name(request: HttpRequest, uscc: str) -> HttpResponse:
    """Name a person to a function; the page again with the refusal on the form."""
    org = access_representation(request.user, uscc, need=may_manage)
    form = NameForm(request.POST, functions=functions_named_by(request.user, org))
    if form.is_valid():
        d = form.cleaned_data
        done = call_service(form, lambda: services.function_name(
            by=acting_user(request), organisation=org, function=d["function"], person=d["person"],
            legal_name=d.get("legal_name") or ""))  # fmt: skip
        if done is not None:
            messages.success(request, _("%(person)s now acts for %(organisation)s as %(function)s.") % {
                "person": d["person"].username, "organisation": org.name_zh, "function": Function(d["function"]).label})  # fmt: skip
            return redirect("representatives:page", org.uscc)
    return _page(request, org, form)


@require_http_methods(["GET", "POST"])
@login_redirect
def function_remove(request: HttpRequest, uscc: str) -> HttpResponse:
    """Remove a person from a function; confirmed first."""
    org = access_representation(request.user, uscc, need=may_manage)
    form = RemoveForm(request.POST if request.method == "POST" else request.GET)
    done, confirming = confirm_step(request, form, lambda: services.function_remove(
        by=acting_user(request), organisation=org, function=form.cleaned_data["function"],
        person=form.cleaned_data["person"]))  # fmt: skip
    if done is not None:
        messages.success(request, _("%(person)s no longer acts for %(organisation)s as %(function)s.") % {
            "person": form.cleaned_data["person"].username, "organisation": org.name_zh,
            "function": Function(form.cleaned_data["function"]).label})  # fmt: skip
        return redirect("representatives:page", org.uscc)
    return render(request, "representatives/confirm.html", {
        "form": form, "confirming": confirming or request.method == "GET", "org": org,
        "title": _("Remove a person acting for %(organisation)s") % {"organisation": org.name_zh},
        "warning": _("The person loses this function for the organisation in every alliance at once."),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def appointment_apply(request: HttpRequest, uscc: str) -> HttpResponse:
    """Apply to be the organisation's appointed representative, or propose someone."""
    org = access_organisation(request.user, uscc)
    require(request, can_apply(request.user, org, None))
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = call_service(form, lambda: services.appointment_apply(
            by=acting_user(request), organisation=org, candidate=d.get("person"), statement=d.get("statement") or ""))  # fmt: skip
        if done is not None:
            messages.success(request, _("The application is sent to the organisation's confirmers."))
            return redirect("representatives:decide", done.pk)
    return render(request, "representatives/apply.html", {"form": form, "org": org})


@require_http_methods(["GET"])
@login_redirect
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An appointment, with confirm and reject for its confirmers."""
    obj = access_appointment(request.user, pk)
    decides = bool(can_decide(request.user, obj))
    may = APPOINTMENT_TRANSITIONS.may(obj.status, {CONFIRMER} if decides else set(),
                                      confirm="confirmed", reject="rejected")  # fmt: skip
    return render(request, "representatives/detail.html", {"appointment": obj, **may})


@require_http_methods(["GET", "POST"])
@login_redirect
def appointment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the appointment; confirmed first."""
    obj = access_appointment(request.user, pk, need=can_decide)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(
        request, form, lambda: services.appointment_confirm(by=acting_user(request), appointment=obj)
    )
    if done is not None:
        messages.success(request, _("%(person)s is the appointed representative of %(organisation)s.") % {
            "person": obj.user.username, "organisation": obj.organisation.name_zh})  # fmt: skip
        return redirect("representatives:decide", obj.pk)
    return render(request, "representatives/confirm.html", {
        "form": form, "confirming": confirming or request.method == "GET", "org": obj.organisation,
        "title": _("Confirm %(person)s as the appointed representative of %(organisation)s")
        % {"person": obj.user.username, "organisation": obj.organisation.name_zh},
        "warning": _("The person will name who acts for the organisation in all its alliances; a current "
                     "representative is replaced."),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def appointment_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject the appointment with a reason; confirmed first."""
    obj = access_appointment(request.user, pk, need=can_decide)
    form = RejectForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(request, form, lambda: services.appointment_reject(
        by=acting_user(request), appointment=obj, reason=form.cleaned_data["reason"]))  # fmt: skip
    if done is not None:
        messages.success(request, _("The appointment is rejected; the applicant is told why."))
        return redirect("representatives:decide", obj.pk)
    return render(request, "representatives/confirm.html", {
        "form": form, "confirming": confirming, "org": obj.organisation,
        "title": _("Reject the appointment of %(person)s") % {"person": obj.user.username},
        "warning": _("The applicant is told the reason."),
    })  # fmt: skip
