"""Registry pages: alliances and organisations. Thin: parse, call selectors/permissions/services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from itisa.accounts.actor import acting_user
from itisa.accounts.roles import role_summary
from itisa.core.errors import DomainError
from itisa.core.exports import xlsx_download, xlsx_response
from itisa.core.identifiers import UsccStatus, check_uscc, normalize_uscc
from itisa.registry import imports, selectors, services
from itisa.registry.choices import AllianceStatus
from itisa.registry.exports import ALLIANCE_COLUMNS, ORGANISATION_COLUMNS
from itisa.registry.forms import (
    LEGAL_REP_FIELDS,
    ORG_FORM_FIELDS,
    AllianceFilterForm,
    AllianceForm,
    OrganisationFilterForm,
    OrganisationForm,
    StatusChangeForm,
)
from itisa.registry.models import Organisation
from itisa.registry.permissions import (
    can_change_alliance_status,
    can_confirm_uscc,
    can_create_alliance,
    can_create_organisation,
    can_edit_alliance,
    can_edit_organisation,
    can_view_contacts,
)
from itisa.registry.workflows import ALLIANCE_TRANSITIONS, LEAVING_NEEDS_A_REASON
from itisa.ui.imports import ImportPage, import_page
from itisa.ui.pages import call_service, htmx_fragment, login_redirect, paginate, require
from itisa.ui.panels import alliance_panels, organisation_panels


def _valid_filters(form: Any) -> dict[str, Any]:
    """The filters that validated: one bad parameter does not throw away the others."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


def _alliance_filters(form: AllianceFilterForm) -> selectors.AllianceFilters:
    data = _valid_filters(form)
    return selectors.AllianceFilters(**{k: data.get(k) or "" for k in form.fields})


def _organisation_search(request: HttpRequest, form: OrganisationFilterForm) -> QuerySet[Organisation]:
    data = _valid_filters(form)
    return selectors.organisation_search(request.user, **{k: data.get(k) or "" for k in form.fields})


@require_http_methods(["GET"])
@vary_on_headers("HX-Request")  # the page and its htmx fragment share a URL: caches must tell them apart
def alliance_list(request: HttpRequest) -> HttpResponse:
    """Searchable, filterable list of the alliances the viewer may see; htmx gets only the results."""
    form = AllianceFilterForm(request.GET or None)
    qs = selectors.alliance_search(request.user, _alliance_filters(form))
    page, query = paginate(request, qs)
    context = {"form": form, "page": page, "query": query, "total": page.paginator.count}
    if htmx_fragment(request):
        return render(request, "registry/_alliance_results.html", context)
    context["can_create"] = can_create_alliance(request.user)
    return render(request, "registry/alliance_list.html", context)


@require_http_methods(["GET"])
def alliance_export(request: HttpRequest) -> HttpResponse:
    """The filtered alliance list as an Excel workbook with translated headers."""
    form = AllianceFilterForm(request.GET or None)
    qs = selectors.alliance_search(request.user, _alliance_filters(form))
    return xlsx_response("alliances.xlsx", _("Alliances"), ALLIANCE_COLUMNS, qs)


@login_redirect
@require_http_methods(["GET"])
def alliance_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An alliance: record, host unit, members, status history and the moves the viewer may make."""
    alliance = selectors.access_alliance(request.user, code)
    moves = [
        (target, AllianceStatus(target).label)
        for target in ALLIANCE_TRANSITIONS.targets(alliance.status)
        if can_change_alliance_status(request.user, alliance, target)
    ]
    context = {
        "alliance": alliance,
        "record": alliance,
        "show_actors": role_summary(request.user).has_any_role,
        "panels": [panel(request, alliance) for panel in alliance_panels],
        "history": selectors.alliance_history(alliance),
        "moves": moves,
        "can_edit": can_edit_alliance(request.user, alliance),
    }
    return render(request, "registry/alliance_detail.html", context)


def _alliance_input(form: AllianceForm, request: HttpRequest) -> services.AllianceInput:
    values = dict(form.cleaned_data)
    uscc = values.pop("host_unit", "") or ""
    values["host_unit"] = None
    if uscc:
        host = selectors.organisation_get(request.user, uscc)
        if host is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"host_unit": [_("No registered organisation has this credit code.")]},
            )
        values["host_unit"] = host
    return services.AllianceInput(**values)


@login_redirect
@require_http_methods(["GET", "POST"])
def alliance_create(request: HttpRequest) -> HttpResponse:
    """Register an alliance (national officers; provincial officers for their province)."""
    require(request, can_create_alliance(request.user))
    form = AllianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            lambda: services.alliance_create(by=acting_user(request), data=_alliance_input(form, request)),
        )
        if created is not None:
            messages.success(
                request,
                _("Alliance %(code)s is registered: %(name)s.")
                % {"code": created.code, "name": created.name_zh},
            )
            return redirect("registry:alliance_detail", code=created.code)
    return render(request, "registry/alliance_form.html", {"form": form, "alliance": None})


@login_redirect
@require_http_methods(["GET", "POST"])
def alliance_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit an alliance's record (not its status)."""
    alliance = selectors.access_alliance(request.user, code)
    require(request, can_edit_alliance(request.user, alliance))
    initial = {f: getattr(alliance, f) for f in AllianceForm.base_fields if f != "host_unit"}
    initial["host_unit"] = alliance.host_unit.uscc if alliance.host_unit else ""
    form = AllianceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: services.alliance_update(
                by=acting_user(request), alliance=alliance, data=_alliance_input(form, request)
            ),
        )
        if updated is not None:
            messages.success(request, _("The alliance's record is saved."))
            return redirect("registry:alliance_detail", code=updated.code)
    return render(request, "registry/alliance_form.html", {"form": form, "alliance": alliance})


@login_redirect
@require_http_methods(["GET", "POST"])
def alliance_transition(request: HttpRequest, code: str, status: str) -> HttpResponse:
    """Confirm a status move with a comment; the service checks the transition table again."""
    alliance = selectors.access_alliance(request.user, code)
    if status not in AllianceStatus.values:
        raise Http404(_("Unknown status."))
    require(request, can_change_alliance_status(request.user, alliance, status))
    form = StatusChangeForm(request.POST or None, reason_required=alliance.status in LEAVING_NEEDS_A_REASON)
    if request.method == "POST" and form.is_valid():
        moved = call_service(
            form,
            lambda: services.alliance_change_status(
                by=acting_user(request),
                alliance=alliance,
                new_status=status,
                comment=form.cleaned_data["comment"],
            ),
        )
        if moved is not None:
            messages.success(
                request, _("The alliance is now “%(status)s”.") % {"status": AllianceStatus(status).label}
            )
            return redirect("registry:alliance_detail", code=alliance.code)
    context = {
        "alliance": alliance,
        "form": form,
        "new_status": status,
        "new_label": AllianceStatus(status).label,
    }
    return render(request, "registry/alliance_transition.html", context)


@require_http_methods(["GET"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Organisations the viewer may see, searchable by name or credit code."""
    form = OrganisationFilterForm(request.GET or None)
    page, query = paginate(request, _organisation_search(request, form))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "total": page.paginator.count,
        "can_create": can_create_organisation(request.user),
    }
    return render(request, "registry/organisation_list.html", context)


@require_http_methods(["GET"])
def organisation_export(request: HttpRequest) -> HttpResponse:
    """The filtered organisation list as an Excel workbook with translated headers; no contact details."""
    qs = _organisation_search(request, OrganisationFilterForm(request.GET or None))
    return xlsx_response("organisations.xlsx", _("Organisations"), ORGANISATION_COLUMNS, qs)


@login_redirect
@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """An organisation, its memberships, and its legal representative's contact for those who work with it."""
    org = selectors.access_organisation(request.user, uscc)
    active_ids = selectors.active_alliance_ids_of(org)
    context = {
        "org": org,
        "record": org,
        "panels": [panel(request, org) for panel in organisation_panels],
        "can_view_contacts": can_view_contacts(request.user, org, active_alliance_ids=active_ids),
        "can_edit": can_edit_organisation(request.user, org, active_alliance_ids=active_ids),
    }
    return render(request, "registry/organisation_detail.html", context)


def _needs_confirmation(form: OrganisationForm) -> bool:
    """Whether the code entered fails only the 18th check character (an officer may accept it)."""
    raw = form.data.get("uscc", "") if form.is_bound else ""
    return check_uscc(normalize_uscc(raw)).status is UsccStatus.NEEDS_CONFIRMATION


def _save_organisation(
    request: HttpRequest, form: OrganisationForm, org: Organisation | None
) -> Organisation | None:
    """Call the create or update service; put its refusal on the form. Returns the saved organisation."""
    province = form.cleaned_data.get("province") or ""
    may_confirm = bool(can_confirm_uscc(request.user, province=province))
    reason = form.cleaned_data.get("uscc_confirmation_reason", "") if may_confirm else ""
    if org is None:
        return call_service(
            form,
            lambda: services.organisation_create(
                by=acting_user(request), data=form.to_input(), confirm_reason=reason
            ),
        )
    return call_service(
        form,
        lambda: services.organisation_update(
            by=acting_user(request), organisation=org, data=form.to_input(), confirm_reason=reason
        ),
    )


def _organisation_form_page(
    request: HttpRequest, form: OrganisationForm, org: Organisation | None
) -> HttpResponse:
    province = (form.data.get("province") if form.is_bound else getattr(org, "province", "")) or ""
    show_confirm = _needs_confirmation(form) and bool(can_confirm_uscc(request.user, province=province))
    context = {
        "form": form,
        "org": org,
        "show_confirm": show_confirm,
        "org_fields": [form[f] for f in ORG_FORM_FIELDS],
        "rep_fields": [form[f] for f in LEGAL_REP_FIELDS],
    }
    return render(request, "registry/organisation_form.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Register a member unit with its legal representative."""
    require(request, can_create_organisation(request.user))
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = _save_organisation(request, form, None)
        if org is not None:
            messages.success(request, _("%(name)s is registered.") % {"name": org.name_zh})
            return redirect("registry:organisation_detail", uscc=org.uscc)
    return _organisation_form_page(request, form, None)


@login_redirect
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, uscc: str) -> HttpResponse:
    """Edit an organisation's record and its legal representative."""
    org = selectors.access_organisation(request.user, uscc)
    require(
        request,
        can_edit_organisation(request.user, org, active_alliance_ids=selectors.active_alliance_ids_of(org)),
    )
    rep = org.legal_representative
    initial: dict[str, Any] = {f: getattr(org, f) for f in ORG_FORM_FIELDS}
    if rep is not None:
        initial.update(
            {f"legal_rep_{f}": getattr(rep, f) for f in ("name_zh", "name_en", "title", "phone", "email")}
        )
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_organisation(request, form, org)
        if saved is not None:
            messages.success(request, _("The organisation's record is saved."))
            return redirect("registry:organisation_detail", uscc=saved.uscc)
    return _organisation_form_page(request, form, org)


@login_redirect
@require_http_methods(["GET", "POST"])
def organisation_import(request: HttpRequest) -> HttpResponse:
    """Organisations from Excel: upload, a preview of every row with its reasons, then all rows or none."""
    require(request, can_create_organisation(request.user))
    by = acting_user(request)
    page = ImportPage(
        purpose="registry.organisations", columns=imports.COLUMNS, max_bytes=imports.MAX_BYTES,
        preview=lambda data: imports.organisations_preview(by=by, data=data),
        run=lambda data: imports.organisations_import(by=by, data=data),
        template="registry/organisation_import.html",
    )  # fmt: skip

    def done(created: list[Any]) -> HttpResponse:
        messages.success(request, _("%(n)s organisations are registered.") % {"n": len(created)})
        return redirect("registry:organisation_list")

    context = {
        "intro": _(
            "Fill in the template: one organisation per row, the columns explained on its second sheet."
        ),
        "max_rows": imports.MAX_ROWS,
        "template_url": reverse("registry:organisation_template"),
        "cancel_url": reverse("registry:organisation_list"),
    }
    return import_page(request, page, context, done)


@login_redirect
@require_http_methods(["GET"])
def organisation_template(request: HttpRequest) -> HttpResponse:
    """The documented template of the organisation import."""
    require(request, can_create_organisation(request.user))
    return xlsx_download("organisations-template.xlsx", imports.template_sheets())
