"""Registry pages: alliances and organisations. Thin: parse, call selectors/permissions/services, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import xlsx_response
from itisa.core.identifiers import UsccStatus, check_uscc, normalize_uscc
from itisa.registry import selectors, services
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
    StyledForm,
)
from itisa.registry.models import Alliance, Organisation
from itisa.registry.permissions import (
    can_change_alliance_status,
    can_confirm_uscc,
    can_create_alliance,
    can_create_organisation,
    can_edit_alliance,
    can_edit_organisation,
    can_view_contacts,
)
from itisa.registry.workflows import ALLIANCE_TRANSITIONS

PAGE_SIZE = 25
T = TypeVar("T")

# Panels that higher layers add to the alliance and organisation pages (membership adds the member
# tables). A hook keeps the import direction of the layers: registry never imports membership.
Panel = Callable[[HttpRequest, Any], str]
alliance_panels: list[Panel] = []
organisation_panels: list[Panel] = []


def add_alliance_panel(panel: Panel) -> Panel:
    """Register a function rendering a section of the alliance page (idempotent)."""
    if panel not in alliance_panels:
        alliance_panels.append(panel)
    return panel


def add_organisation_panel(panel: Panel) -> Panel:
    """Register a function rendering a section of the organisation page (idempotent)."""
    if panel not in organisation_panels:
        organisation_panels.append(panel)
    return panel


def require(request: HttpRequest, decision: Decision) -> None:
    """Stop a denied request: anonymous visitors go to the login page, others get 403 with the reason."""
    if decision:
        return
    if not request.user.is_authenticated:
        raise LoginRequired(request.get_full_path())
    raise HttpPermissionDenied(str(decision.reason))


class LoginRequired(Exception):  # noqa: N818  (control flow, caught by ``login_redirect``)
    """Raised by ``require`` for anonymous visitors; turned into a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def login_redirect(view: Any) -> Any:
    """Turn ``LoginRequired`` into a redirect and a service's PermissionDenied into a 403."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginRequired as exc:
            return redirect_to_login(exc.next_url)
        except PermissionDenied as exc:
            raise HttpPermissionDenied(exc.message) from exc

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def call_service(form: StyledForm, call: Callable[[], T]) -> T | None:
    """Run a service call; a refusal (DomainError) goes on the form and gives None.

    PermissionDenied is not a form error: it propagates (``login_redirect`` turns it into a 403).
    """
    try:
        return call()
    except PermissionDenied:
        raise
    except DomainError as exc:
        form.apply_domain_error(exc)
    return None


def confirm_step(request: HttpRequest, form: StyledForm, call: Callable[[], T]) -> tuple[T | None, bool]:
    """A destructive action in two posts: the first shows a confirmation, the second (``confirmed``) acts.

    Returns ``(result, confirming)``: the service's result once it ran (None when refused, with the
    refusal on the form), and whether the page should now ask for confirmation.
    """
    if request.method != "POST" or not form.is_valid():
        return None, False
    if not form.cleaned_data.get("confirmed"):
        return None, True
    return call_service(form, call), False


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page and the query string (without ``page``) to keep filters in page links."""
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


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


def _get_alliance(request: HttpRequest, code: str) -> Alliance:
    alliance = selectors.alliance_get(request.user, code)
    if alliance is None:
        raise Http404(_("No such alliance, or you may not see it."))
    return alliance


def htmx_fragment(request: HttpRequest) -> bool:
    """Whether htmx asked for the results only (live search), not a whole page (boost, history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.boosted and not htmx.history_restore_request)


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


@require_http_methods(["GET"])
def alliance_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An alliance: record, host unit, members, status history and the moves the viewer may make."""
    alliance = _get_alliance(request, code)
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


def _alliance_values(form: AllianceForm, request: HttpRequest) -> dict[str, Any]:
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
    return values


@login_redirect
@require_http_methods(["GET", "POST"])
def alliance_create(request: HttpRequest) -> HttpResponse:
    """Register an alliance (national officers; provincial officers for their province)."""
    require(request, can_create_alliance(request.user))
    form = AllianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form, lambda: services.alliance_create(by=request.user, values=_alliance_values(form, request))
        )
        if created is not None:
            return redirect("registry:alliance_detail", code=created.code)
    return render(request, "registry/alliance_form.html", {"form": form, "alliance": None})


@login_redirect
@require_http_methods(["GET", "POST"])
def alliance_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit an alliance's record (not its status)."""
    alliance = _get_alliance(request, code)
    require(request, can_edit_alliance(request.user, alliance))
    initial = {f: getattr(alliance, f) for f in AllianceForm.base_fields if f != "host_unit"}
    initial["host_unit"] = alliance.host_unit.uscc if alliance.host_unit else ""
    form = AllianceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            lambda: services.alliance_update(
                by=request.user, alliance=alliance, values=_alliance_values(form, request)
            ),
        )
        if updated is not None:
            return redirect("registry:alliance_detail", code=updated.code)
    return render(request, "registry/alliance_form.html", {"form": form, "alliance": alliance})


@login_redirect
@require_http_methods(["GET", "POST"])
def alliance_transition(request: HttpRequest, code: str, status: str) -> HttpResponse:
    """Confirm a status move with a comment; the service checks the transition table again."""
    alliance = _get_alliance(request, code)
    if status not in AllianceStatus.values:
        raise Http404(_("Unknown status."))
    require(request, can_change_alliance_status(request.user, alliance, status))
    form = StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        moved = call_service(
            form,
            lambda: services.alliance_change_status(
                by=request.user, alliance=alliance, new_status=status, comment=form.cleaned_data["comment"]
            ),
        )
        if moved is not None:
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


def _get_organisation(request: HttpRequest, uscc: str) -> Organisation:
    org = selectors.organisation_get(request.user, uscc)
    if org is None:
        raise Http404(_("No such organisation, or you may not see it."))
    return org


@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    """An organisation, its memberships, and its legal representative's contact for those who work with it."""
    org = _get_organisation(request, uscc)
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
                by=request.user, values=form.values(), confirm_reason=reason
            ),
        )
    return call_service(
        form,
        lambda: services.organisation_update(
            by=request.user, organisation=org, values=form.values(), confirm_reason=reason
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
            return redirect("registry:organisation_detail", uscc=org.uscc)
    return _organisation_form_page(request, form, None)


@login_redirect
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, uscc: str) -> HttpResponse:
    """Edit an organisation's record and its legal representative."""
    org = _get_organisation(request, uscc)
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
            return redirect("registry:organisation_detail", uscc=saved.uscc)
    return _organisation_form_page(request, form, org)
