"""Results pages: the alliance's register (search, filters, pages), a result (owners and their history,
contributions, people, funding, status history) with the secretariat's actions, registration, the Excel
import with its template, ownership changes and background IP. Thin: parse, call the selectors,
permissions and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.roles import role_summary
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import xlsx_download
from itisa.governance.choices import BodyKind, MotionStatus
from itisa.governance.models import Motion
from itisa.projects.models import FundingSource, Project
from itisa.projects.selectors import project_visible
from itisa.registry.selectors import access_alliance
from itisa.results import services
from itisa.results.choices import AccessRequestStatus, ResultStatus
from itisa.results.forms import (
    AccessDecisionForm,
    AccessRequestForm,
    BackgroundForm,
    ImportForm,
    MoveForm,
    OwnersForm,
    PublicForm,
    ResultFilterForm,
    ResultForm,
)
from itisa.results.imports import results_import, template_sheets
from itisa.results.permissions import (
    can_decide_access,
    can_declare_background,
    can_keep_results,
    can_request_access,
    sees_register,
)
from itisa.results.selectors import (
    access_request_get,
    access_requests_of,
    access_result,
    background_of,
    result_sections,
    results_of,
)
from itisa.results.services.results import active_members
from itisa.results.workflows import ACCESS_TRANSITIONS, KEEPER, OWNER, RESULT_TRANSITIONS
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def results_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: a link to its results register (no query)."""
    return render_to_string("results/_panel.html", {"alliance": alliance}, request=request)


def background_panel(request: HttpRequest, organisation: Any) -> str:
    """On the organisation page: its background IP in the alliances whose register the viewer sees."""
    rows = background_of(request.user, organisation)
    if not rows:
        return ""
    return render_to_string("results/_background_panel.html", {"rows": rows}, request=request)


@require_http_methods(["GET"])
@login_redirect
def result_list(request: HttpRequest, code: str) -> HttpResponse:
    """The register: results the viewer may see, by text, kind, status, funding and project, 25 to a page."""
    alliance = access_alliance(request.user, code)
    form = ResultFilterForm(request.GET)
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {"q": d["q"], "kind": d["kind"], "status": d["status"],
                   "publicly_funded": form.publicly_funded(), "project": d["project"]}  # fmt: skip
    page, query = paginate(request, results_of(request.user, alliance, **filters))
    keeper = bool(can_keep_results(request.user, alliance))
    context = {
        "alliance": alliance, "form": form, "page": page, "query": query, "keeper": keeper,
        "inside": sees_register(request.user, alliance),
        "declarer": keeper or bool(role_summary(request.user).has_alliance_role(alliance.pk, *ORGANISATION_ROLES)),
    }  # fmt: skip
    return render(request, "results/list.html", context)


def _members(alliance: Any) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(pk), org.name_zh) for pk, org in sorted(active_members(alliance).items())]


def _result_form(alliance: Any, data: Any = None) -> ResultForm:
    projects = Project.objects.filter(alliance=alliance).order_by("code")
    funding = FundingSource.objects.filter(project__alliance=alliance).select_related("project", "fund")
    return ResultForm(
        data,
        members=_members(alliance),
        projects=[(str(p.pk), f"{p.code} {p.title_zh}") for p in projects],
        funding=[(str(f.pk), f"{f.project.code} · {f.fund.name_zh} · {f.get_kind_display()} · {f.amount}")
                 for f in funding.order_by("project__code", "pk")],
    )  # fmt: skip


@login_redirect
@require_http_methods(["GET", "POST"])
def result_create(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_keep_results)
    form = _result_form(alliance, request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = call_service(
            form,
            lambda: services.result_register(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if result is not None:
            messages.success(request, _("The result %(code)s is registered.") % {"code": result.code})
            return redirect("results:detail", pk=result.pk)
    return render(request, "results/form.html", {"alliance": alliance, "form": form})


@login_redirect
@require_http_methods(["GET"])
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = access_result(request.user, pk)
    inside = sees_register(request.user, result.alliance)
    keeper = bool(can_keep_results(request.user, result.alliance))
    sections = result_sections(request.user, result)
    context = {
        "result": result, "alliance": result.alliance, "inside": inside, "keeper": keeper, **sections,
        "project_link": result.project is not None and project_visible(request.user, result.project),
        **_access_context(request, result, sections["owners"]),
        **RESULT_TRANSITIONS.may(result.status, {KEEPER} if keeper else set(),
                                 grant=ResultStatus.GRANTED, lapse=ResultStatus.LAPSED),
    }  # fmt: skip
    return render(request, "results/detail.html", context)


def _motions(alliance: Any) -> list[tuple[str, str]]:
    rows = Motion.objects.filter(
        body__alliance=alliance, body__kind=BodyKind.DECISION, status=MotionStatus.CLOSED, passed=True
    ).select_related("body")
    return [(str(m.pk), f"{m.body.name_zh} #{m.number} {m.title_zh}") for m in rows.order_by("-pk")]


@login_redirect
@require_http_methods(["GET", "POST"])
def owners_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the owners on a recorded decision; confirmed first, as it is legally binding."""
    result = access_result(request.user, pk)
    require(request, can_keep_results(request.user, result.alliance))
    form = OwnersForm(
        request.POST or None, members=_members(result.alliance), motions=_motions(result.alliance)
    )
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.result_change_owners(by=acting_user(request), result=result, data=form.to_input()),
    )
    if done is not None:
        messages.success(request, _("The new owners are recorded."))
        return redirect("results:detail", pk=pk)
    context = {
        "result": result, "alliance": result.alliance, "form": form, "confirming": confirming,
        "title": _("Change the owners of %(code)s") % {"code": result.code},
        "warning": _("The owners change only on a recorded decision: a passed resolution of the decision body, "
                     "or the written consent of every current and new owner (Art. 8(5)). The record is kept for good."),
    }  # fmt: skip
    return render(request, "results/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def result_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    """Record the grant or the lapse, with its date; confirmed first."""
    result = access_result(request.user, pk)
    require(request, can_keep_results(request.user, result.alliance))
    if to not in (ResultStatus.GRANTED, ResultStatus.LAPSED):
        raise Http404(_("No such move."))
    form = MoveForm(request.POST or None)
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.result_move(by=acting_user(request), result=result, to=to, on=form.cleaned_data["on"],
                                     comment=form.cleaned_data.get("comment", "")),
    )  # fmt: skip
    if done is not None:
        messages.success(request, _("The result is %(status)s.") % {"status": ResultStatus(to).label})
        return redirect("results:detail", pk=pk)
    context = {
        "result": result, "alliance": result.alliance, "form": form, "confirming": confirming,
        "title": f"{result.code} → {ResultStatus(to).label}",
        "warning": _("The status history is kept for good."),
    }  # fmt: skip
    return render(request, "results/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def result_public(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the result to the public or withdraw it (the secretariat moderates); confirmed first."""
    result = access_result(request.user, pk)
    require(request, can_keep_results(request.user, result.alliance))
    form = PublicForm(request.POST or None, initial={"public": "no" if result.public else "yes"})
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.result_publish(by=acting_user(request), result=result,
                                        public=form.cleaned_data["public"] == "yes"),
    )  # fmt: skip
    if done is not None:
        messages.success(request, _("Saved."))
        return redirect("results:detail", pk=pk)
    context = {
        "result": result, "alliance": result.alliance, "form": form, "confirming": confirming or request.method == "GET",
        "title": _("Withdraw from the public") if result.public else _("Show to the public"),
        "warning": _("Anyone, without logging in, will see its title, kind, number, status and owners.")
        if not result.public else _("Only the alliance's people will see it."),
    }  # fmt: skip
    return render(request, "results/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def result_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a filled-in template: every row registered, or none (refused rows with their numbers)."""
    alliance = access_alliance(request.user, code, need=can_keep_results)
    form = ImportForm(request.POST or None, request.FILES or None)
    refused: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = results_import(
                by=acting_user(request), alliance=alliance, data=upload.read(5 * 1024 * 1024 + 1)
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
            refused = exc.fields
        else:
            messages.success(request, _("%(n)s results are registered.") % {"n": len(created)})
            return redirect("results:list", code=alliance.code)
    return render(request, "results/import.html", {"alliance": alliance, "form": form, "refused": refused})


@login_redirect
@require_http_methods(["GET"])
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    """The documented template of the import."""
    access_alliance(request.user, code, need=can_keep_results)
    return xlsx_download("results-template.xlsx", template_sheets())


@login_redirect
@require_http_methods(["GET", "POST"])
def background_create(request: HttpRequest, code: str) -> HttpResponse:
    """A member declares its background IP (its contact or legal representative, or the secretariat)."""
    alliance = access_alliance(request.user, code)
    s = role_summary(request.user)
    keeper = bool(can_keep_results(request.user, alliance))
    members = [
        m for m in _members(alliance) if m[0] and (keeper or s.acts_for(int(m[0]), *ORGANISATION_ROLES))
    ]
    if not members:
        require(request, can_declare_background(request.user, alliance, None))
    form = BackgroundForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        row = call_service(
            form,
            lambda: services.background_declare(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if row is not None:
            messages.success(request, _("The background IP is declared."))
            return redirect("registry:organisation_detail", uscc=row.organisation.uscc)
    return render(request, "results/background_form.html", {"alliance": alliance, "form": form})


def _requesting_members(request: HttpRequest, alliance: Any, owner_ids: set[int]) -> list[tuple[str, str]]:
    """The active members, not owners, the user may ask for access for (their contact or representative)."""
    return [
        m for m in _members(alliance)
        if m[0] and int(m[0]) not in owner_ids and can_request_access(request.user, alliance, int(m[0]))
    ]  # fmt: skip


def _access_context(request: HttpRequest, result: Any, owners: list[Any]) -> dict[str, Any]:
    """The result page's access-rights section: the requests the viewer sees, and what they may do."""
    owner_ids = [o.organisation_id for o in owners]
    decider = bool(can_decide_access(request.user, result.alliance, owner_ids))
    rows = list(access_requests_of(request.user, result))
    actors = {OWNER} if decider else set()
    decidable = {
        r.pk for r in rows if ACCESS_TRANSITIONS.can_move(r.status, AccessRequestStatus.GRANTED, actors)
    }
    asker = bool(role_summary(request.user).has_alliance_role(result.alliance.pk, *ORGANISATION_ROLES))
    return {"access_requests": rows, "decidable": decidable, "may_ask_access": asker and not decider}


@login_redirect
@require_http_methods(["GET", "POST"])
def access_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A member asks for access rights to a result it does not own."""
    result = access_result(request.user, pk)
    owner_ids = {o.organisation_id for o in result.ownership.owners.all()} if result.ownership else set()
    members = _requesting_members(request, result.alliance, owner_ids)
    if not members:
        require(request, can_request_access(request.user, result.alliance, None))
    form = AccessRequestForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: services.access_request_submit(
                by=acting_user(request), result=result, data=form.to_input()
            ),
        )
        if done is not None:
            messages.success(request, _("The request is sent to the owners."))
            return redirect("results:detail", pk=pk)
    return render(
        request, "results/access_form.html", {"result": result, "alliance": result.alliance, "form": form}
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def access_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The owners grant access with its terms or refuse it with the reason; confirmed first."""
    access = access_request_get(request.user, pk)
    result = access.result
    owner_ids = [o.organisation_id for o in result.ownership.owners.all()] if result.ownership else []
    require(request, can_decide_access(request.user, result.alliance, owner_ids))
    form = AccessDecisionForm(request.POST or None)
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.access_request_decide(by=acting_user(request), request=access, data=form.to_input()),
    )
    if done is not None:
        messages.success(request, _("The decision is recorded."))
        return redirect("results:detail", pk=result.pk)
    context = {
        "result": result, "alliance": result.alliance, "form": form, "confirming": confirming,
        "title": _("Access to %(code)s for %(org)s") % {"code": result.code, "org": access.organisation.name_zh},
        "warning": _("%(org)s asks for access (%(purpose)s): %(why)s The decision is kept for good.")
        % {"org": access.organisation.name_zh, "purpose": access.get_purpose_display(), "why": access.justification},
    }  # fmt: skip
    return render(request, "results/confirm.html", context)
