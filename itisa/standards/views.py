"""Standards pages: an alliance's standards (filters by level and stage, search, pages, Excel), a
standard's page (stage timeline, drafting members, the declarations of each round and who is missing, the
vote and its result), the forms to create a standard, add a drafting member and file a declaration, and
the secretariat's actions confirmed first (open a round, open the vote, move). Thin: parse, call the
selectors, permissions and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import xlsx_response
from itisa.governance.models import Body
from itisa.membership.models import Membership
from itisa.projects.models import Project
from itisa.projects.selectors import project_visible
from itisa.projects.services.projects import approving_bodies
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance
from itisa.results.models import Result
from itisa.standards import services
from itisa.standards.choices import Stage
from itisa.standards.forms import (
    DeclarationForm,
    DrafterForm,
    MoveForm,
    RoundForm,
    StandardFilterForm,
    StandardForm,
    VoteForm,
)
from itisa.standards.permissions import can_declare_for, can_keep_standards, can_view_standards
from itisa.standards.selectors import access_standard, lead_name, round_views, stage_counts, standards_of
from itisa.standards.workflows import KEEPER, MANUAL, STAGE_TRANSITIONS, VOTED_MOVES
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def standards_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: the count of its standards by stage and a link, for those who see them."""
    if not can_view_standards(request.user, alliance):
        return ""
    context = {"alliance": alliance, "counts": stage_counts(request.user, alliance)}
    return render_to_string("standards/_panel.html", context, request=request)


def _list_columns() -> list[Any]:
    return [
        (_("Code"), lambda s: s.code),
        (_("Level"), lambda s: str(s.get_level_display())),
        (_("Title"), lambda s: s.title_zh),
        (_("Title (English)"), lambda s: s.title_en),
        (_("Standards body or technical committee"), lambda s: s.committee),
        (_("Lead drafting member"), lead_name),
        (_("Drafting members"), lambda s: s.drafters),
        (_("Stage"), lambda s: str(s.get_stage_display())),
        (_("Published number"), lambda s: s.published_number),
        (_("Published on"), lambda s: s.published_on),
    ]


@require_http_methods(["GET"])
@login_redirect
def standard_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's standards by level, stage and text, 25 to a page; ``?format=xlsx`` downloads the
    same (filtered) list."""
    alliance = access_alliance(request.user, code, need=can_view_standards)
    form = StandardFilterForm(request.GET)
    form.is_valid()
    qs = standards_of(request.user, alliance, **form.filters())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{alliance.code}-standards.xlsx", _("Standards"), _list_columns(), qs)
    page, query = paginate(request, qs)
    context = {
        "alliance": alliance, "form": form, "page": page, "query": query,
        "keeper": bool(can_keep_standards(request.user, alliance)),
    }  # fmt: skip
    return render(request, "standards/list.html", context)


def _members(alliance: Any, exclude: set[int] | None = None) -> list[tuple[str, str]]:
    orgs = Organisation.objects.filter(
        memberships__in=Membership.objects.active().filter(alliance=alliance)
    ).order_by("name_zh")
    return [(str(o.pk), o.name_zh) for o in orgs if o.pk not in (exclude or set())]


@login_redirect
@require_http_methods(["GET", "POST"])
def standard_create(request: HttpRequest, code: str) -> HttpResponse:
    """Propose a standard: level, titles, committee, lead drafting member, its project and results."""
    alliance = access_alliance(request.user, code, need=can_keep_standards)
    form = StandardForm(
        request.POST or None,
        members=_members(alliance),
        projects=[(str(p.pk), f"{p.code} {p.title_zh}") for p in Project.objects.filter(alliance=alliance).order_by("code")],
        results=[(str(r.pk), f"{r.code} {r.title_zh}") for r in Result.objects.filter(alliance=alliance).order_by("code")],
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        obj = call_service(
            form,
            lambda: services.standard_create(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if obj is not None:
            messages.success(request, _("The standard %(code)s is proposed.") % {"code": obj.code})
            return redirect("standards:detail", code=code, standard=obj.code)
    return render(request, "standards/form.html", {"alliance": alliance, "form": form,
                                                   "title": _("Propose a standard")})  # fmt: skip


def _declaring_for(request: HttpRequest, obj: Any) -> list[tuple[str, str]]:
    """The drafting members the viewer may file a declaration for."""
    return [
        (str(m.organisation_id), m.organisation.name_zh)
        for m in obj.drafting_members.all()
        if can_declare_for(request.user, obj.alliance, m.organisation_id)
    ]


@require_http_methods(["GET"])
@login_redirect
def standard_detail(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    """A standard: its stages and history, drafting members, the declarations of each round (who is
    missing), the vote and its result, and the actions the viewer may take."""
    obj = access_standard(request.user, code, standard)
    keeper = bool(can_keep_standards(request.user, obj.alliance))
    actors = {KEEPER} if keeper else set()
    rounds = round_views(obj)
    current = next((r for r in rounds if r.round.outcome == "open"), None)
    voting = (
        current is not None
        and current.round.motion is not None
        and current.round.motion.status != "withdrawn"
    )
    drafters = {m.organisation_id for m in obj.drafting_members.all()}
    context = {
        "alliance": obj.alliance, "standard": obj, "rounds": rounds, "current": current, "keeper": keeper,
        "project_link": obj.project is not None and project_visible(request.user, obj.project),
        "may_open_round": keeper and obj.stage in VOTED_MOVES and current is None,
        "may_open_vote": keeper and current is not None and current.ready and not voting,
        "may_declare": current is not None and not voting and bool(_declaring_for(request, obj)),
        "may_move": keeper and current is None and bool(STAGE_TRANSITIONS.targets(obj.stage, actors)),
        "may_add_drafter": keeper and obj.stage not in ("published", "withdrawn"),
        "drafter_form": DrafterForm(members=_members(obj.alliance, exclude=drafters)) if keeper else None,
        "stages": [(s.value, s.label) for s in Stage if s != Stage.WITHDRAWN or obj.stage == Stage.WITHDRAWN],
        "history": [
            {"row": h, "old": Stage(h.old_status).label if h.old_status else "", "new": Stage(h.new_status).label}
            for h in obj.stage_changes.all()
        ],
    }  # fmt: skip
    return render(request, "standards/detail.html", context)


@login_redirect
@require_http_methods(["POST"])
def drafter_add(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    obj = access_standard(request.user, code, standard)
    require(request, can_keep_standards(request.user, obj.alliance))
    drafters = {m.organisation_id for m in obj.drafting_members.all()}
    form = DrafterForm(request.POST, members=_members(obj.alliance, exclude=drafters))
    if form.is_valid():
        row = call_service(
            form, lambda: services.drafter_add(by=acting_user(request), standard=obj, data=form.to_input())
        )
        if row is not None:
            messages.success(request, _("%(name)s drafts the standard.") % {"name": row.organisation.name_zh})
            return redirect("standards:detail", code=code, standard=standard)
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    return redirect("standards:detail", code=code, standard=standard)


@login_redirect
@require_http_methods(["GET", "POST"])
def declaration_file(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    """File a drafting member's IPR declaration in the open round (a second one corrects the first)."""
    obj = access_standard(request.user, code, standard)
    members = _declaring_for(request, obj)
    if not members:
        require(request, can_declare_for(request.user, obj.alliance, None))
    form = DeclarationForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        row = call_service(
            form,
            lambda: services.declaration_file(by=acting_user(request), standard=obj, data=form.to_input()),
        )
        if row is not None:
            messages.success(
                request, _("The declaration of %(name)s is filed.") % {"name": row.organisation.name_zh}
            )
            return redirect("standards:detail", code=code, standard=standard)
    return render(request, "standards/form.html", {
        "alliance": obj.alliance, "standard": obj, "form": form, "title": _("File an IPR declaration"),
        "help": _("Declare whether the member holds patents essential to the draft, and on what terms it "
                  "licenses them. A second declaration corrects the first; both are kept."),
    })  # fmt: skip


def _confirm(
    request: HttpRequest, obj: Any, form: Any, title: str, warning: str, confirming: bool
) -> HttpResponse:
    context = {"alliance": obj.alliance, "standard": obj, "form": form, "title": title, "warning": warning,
               "confirming": confirming}  # fmt: skip
    return render(request, "standards/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def round_open(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    """Open a round of IPR declarations before the next vote; confirmed first."""
    obj = access_standard(request.user, code, standard)
    require(request, can_keep_standards(request.user, obj.alliance))
    form = RoundForm(request.POST or None)
    done, confirming = confirm_step(
        request, form, lambda: services.round_open(by=acting_user(request), standard=obj)
    )
    if done is not None:
        messages.success(request, _("The round is open: the drafting members are asked to declare."))
        return redirect("standards:detail", code=code, standard=standard)
    return _confirm(request, obj, form, _("Open a declaration round"),
                    _("Every drafting member's contact is asked to file its IPR declaration; the vote opens "
                      "once all have."), confirming or request.method == "GET")  # fmt: skip


@login_redirect
@require_http_methods(["GET", "POST"])
def vote_open(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    """Open the decision body's ballot on the round's move; refused while a declaration is missing."""
    obj = access_standard(request.user, code, standard)
    require(request, can_keep_standards(request.user, obj.alliance))
    bodies = approving_bodies(obj.alliance)
    form = VoteForm(request.POST or None, bodies=bodies)

    def run() -> Any:
        body = Body.objects.get(pk=int(form.cleaned_data["body"]))
        return services.vote_open(by=acting_user(request), standard=obj, body=body,
                                  deadline=form.cleaned_data["deadline"])  # fmt: skip

    done, confirming = confirm_step(request, form, run)
    if done is not None:
        messages.success(request, _("The vote is open."))
        return redirect("standards:detail", code=code, standard=standard)
    return _confirm(request, obj, form, _("Open the vote"),
                    _("The decision body votes by ballot until the deadline; the declarations of this round "
                      "close."), confirming)  # fmt: skip


@login_redirect
@require_http_methods(["GET", "POST"])
def standard_move(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    """Move the standard by hand (drafting, consultation, review, published, withdrawn); confirmed first."""
    obj = access_standard(request.user, code, standard)
    require(request, can_keep_standards(request.user, obj.alliance))
    targets = [t for t in STAGE_TRANSITIONS.targets(obj.stage, {KEEPER}) if t in MANUAL]
    form = MoveForm(request.POST or None, targets=targets)
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.standard_move(by=acting_user(request), standard=obj, data=form.to_input()),
    )
    if done is not None:
        messages.success(request, _("The standard is at %(stage)s.") % {"stage": done.get_stage_display()})
        return redirect("standards:detail", code=code, standard=standard)
    return _confirm(request, obj, form, _("Move the standard"),
                    _("The move is recorded in the standard's history for good."), confirming)  # fmt: skip
