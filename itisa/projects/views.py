"""Project pages: the alliance's list (filters, search, pages), a project's page (plan, Gantt-like
milestones, budget against actual, reviews, history) with the secretariat's and the members' actions,
and the expert's opinion page. Thin: parse, call the selectors, permissions and services, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import xlsx_response
from itisa.governance.models import Body
from itisa.pilots.models import Expert
from itisa.projects import services
from itisa.projects.choices import ProjectStatus
from itisa.projects.forms import (
    AssignForm,
    DoneForm,
    FundingForm,
    GoalForm,
    MilestoneForm,
    MoveForm,
    OpinionForm,
    ParticipantForm,
    ProjectFilterForm,
    ProjectForm,
    ReviewOpenForm,
    VoteForm,
)
from itisa.projects.models import Evidence, Milestone, ReviewRound
from itisa.projects.permissions import (
    can_give_opinion,
    can_manage_projects,
    can_report,
    can_view_details,
    can_view_evidence,
)
from itisa.projects.selectors import (
    access_assignment,
    access_project,
    budget_vs_actual,
    gantt,
    milestones_of,
    participant_ids,
    project_leads,
    project_participants,
    projects_of,
    review_rounds_of,
    reviewer_ids,
)
from itisa.projects.services.projects import _agreement_goals
from itisa.projects.workflows import KEEPER, PROJECT_TRANSITIONS
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require

P = ProjectStatus


def projects_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: a link to its projects (no query)."""
    return render_to_string("projects/_panel.html", {"alliance": alliance}, request=request)


def _list_columns() -> list[Any]:
    """The list as the table shows it (what the public may see of a project: no money)."""
    return [
        (_("Code"), lambda p: p.code),
        (_("Title"), lambda p: p.title_zh),
        (_("Title (English)"), lambda p: p.title_en),
        (_("Lead member"), lambda p: p.lead.name_zh),
        (_("Starts on"), lambda p: p.starts_on),
        (_("Ends on"), lambda p: p.ends_on),
        (_("Status"), lambda p: str(p.get_status_display())),
    ]


@require_http_methods(["GET"])
@login_redirect
def project_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's projects the viewer may see, by status, lead member, year and text, 25 to a page;
    ``?format=xlsx`` downloads the same (filtered) list."""
    alliance = access_alliance(request.user, code)
    form = ProjectFilterForm(request.GET, leads=project_leads(request.user, alliance))
    form.is_valid()
    qs = projects_of(request.user, alliance, **form.filters())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{alliance.code}-projects.xlsx", _("R&D projects"), _list_columns(), qs)
    page, query = paginate(request, qs)
    context = {
        "alliance": alliance, "form": form, "page": page, "query": query,
        "manager": bool(can_manage_projects(request.user, alliance)),
    }  # fmt: skip
    return render(request, "projects/list.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_manage_projects)
    form = ProjectForm(request.POST or None, alliance=alliance)
    if request.method == "POST" and form.is_valid():
        project = call_service(
            form,
            lambda: services.project_create(by=acting_user(request), alliance=alliance, data=form.to_input()),
        )
        if project is not None:
            messages.success(
                request, _("The project is proposed. Add its goals, participants and milestones.")
            )
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"alliance": alliance, "form": form})


@dataclass(frozen=True)
class Action:
    form: Callable[..., Any]
    run: Callable[[Any, Any, Any], Any]


def _forms(project: Any, data: Any = None) -> dict[str, Any]:
    alliance = project.alliance
    return {
        "goal": GoalForm(data, goals=_agreement_goals(project), auto_id="g-%s"),
        "participant": ParticipantForm(data, alliance=alliance, auto_id="p-%s"),
        "funding": FundingForm(data, alliance=alliance, auto_id="f-%s"),
        "milestone": MilestoneForm(data, auto_id="m-%s"),
        "vote": VoteForm(data, bodies=services.approving_bodies(alliance), auto_id="v-%s"),
        "review": ReviewOpenForm(data, auto_id="r-%s"),
    }


def _run(name: str, by: Any, project: Any, form: Any) -> Any:
    d = form.cleaned_data
    if name == "goal":
        return services.goal_add(by=by, project=project, data=form.to_input())
    if name == "participant":
        return services.participant_add(by=by, project=project, data=form.to_input())
    if name == "funding":
        return services.funding_add(by=by, project=project, data=form.to_input())
    if name == "milestone":
        return services.milestone_add(by=by, project=project, data=form.to_input())
    if name == "vote":
        body = Body.objects.filter(pk=d["body"], alliance=project.alliance).first()
        if body is None:
            raise DomainError(
                _("Please correct the errors below."), fields={"body": [_("Choose a valid option.")]}
            )
        return services.project_put_to_vote(by=by, project=project, body=body, deadline=d["deadline"])
    return services.review_open(by=by, project=project, kind=d["kind"])


@login_redirect
@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The project: its plan, milestones as bars over its period, budget against actual, reviews, history."""
    project = access_project(request.user, pk)
    manager = bool(can_manage_projects(request.user, project.alliance))
    forms = _forms(project) if manager else {}
    if request.method == "POST":
        require(request, can_manage_projects(request.user, project.alliance))
        name = request.POST.get("action", "")
        if name not in forms:
            messages.error(request, _("No such move."))
            return redirect("projects:detail", pk=pk)
        form = forms[name] = _forms(project, request.POST)[name]
        if form.is_valid() and call_service(form, lambda: _run(name, acting_user(request), project, form)):
            messages.success(request, _("Saved."))
            return redirect("projects:detail", pk=pk)
    participants = project_participants(project)
    ids = participant_ids(project)
    details = bool(can_view_details(request.user, project, ids))
    # the experts reviewing the project see its evidence too (one query, only for signed-in outsiders)
    evidence = details or (
        request.user.is_authenticated
        and bool(can_view_evidence(request.user, project, ids, reviewer_ids(project)))
    )
    milestones = milestones_of(project)
    rounds = review_rounds_of(project) if details else []
    actors = {KEEPER} if manager else set()
    experts = _experts() if manager and rounds else []
    context = {
        "project": project,
        "alliance": project.alliance,
        "participants": participants,
        "goals": list(project.goals.order_by("pk")),
        "gantt": gantt(project, milestones),
        "details": details,
        "evidence": evidence,
        "budget": budget_vs_actual(project) if details else None,
        "funding": list(project.funding.select_related("fund", "organisation").order_by("pk"))
        if details
        else [],
        "rounds": [
            (
                r,
                AssignForm(initial={"review": r.pk}, experts=experts, auto_id=f"a{r.pk}-%s")
                if manager
                else None,
            )
            for r in rounds
        ],
        "history": list(project.status_changes.select_related("by").order_by("at", "pk")),
        "manager": manager,
        "reporter": bool(can_report(request.user, project, ids))
        and project.status in (P.RUNNING, P.ACCEPTANCE),
        "forms": forms,
        "planning": project.status == P.PROPOSED,
        "fundable": project.status in (P.PROPOSED, P.APPROVED, P.RUNNING),
        **PROJECT_TRANSITIONS.may(
            project.status,
            actors,
            vote=P.VOTING,
            start=P.RUNNING,
            accept=P.ACCEPTANCE,
            close=P.CLOSED,
            terminate=P.TERMINATED,
        ),  # fmt: skip
    }
    return render(request, "projects/detail.html", context)


def _experts() -> list[Expert]:
    """The pool's experts who could review (an account, in the pool)."""
    return list(Expert.objects.filter(active=True, user__isnull=False).order_by("name", "pk"))


@login_redirect
@require_POST
def expert_assign(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project(request.user, pk)
    require(request, can_manage_projects(request.user, project.alliance))
    form = AssignForm(request.POST, experts=_experts())
    if form.is_valid():
        review = ReviewRound.objects.filter(pk=form.cleaned_data["review"], project=project).first()
        expert = Expert.objects.filter(pk=form.cleaned_data["expert"]).first()
        if review is None or expert is None:
            raise Http404(_("No such review."))
        try:
            services.expert_assign(by=acting_user(request), review=review, expert=expert)
        except PermissionDenied:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The expert is assigned and told."))
    return redirect("projects:detail", pk=pk)


MOVE_WARNINGS: dict[str, Any] = {
    P.CLOSED: _("Closing records that the project passed its acceptance (验收). It cannot be undone."),
    P.TERMINATED: _("Terminating ends the project for good. Give the reason."),
}


@login_redirect
@require_http_methods(["GET", "POST"])
def project_move(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    """Start, send to acceptance, close or terminate; closing and terminating are confirmed first."""
    project = access_project(request.user, pk)
    require(request, can_manage_projects(request.user, project.alliance))
    if to not in services.projects.MANUAL:
        raise Http404(_("No such move."))
    form = MoveForm(request.POST or None, initial={"to": to})
    if request.method == "POST" and to not in MOVE_WARNINGS:
        moved = None
        if form.is_valid():
            moved = call_service(
                form, lambda: services.project_move(by=acting_user(request), project=project, to=to)
            )
        if moved is not None:
            messages.success(request, _("The project is %(status)s.") % {"status": ProjectStatus(to).label})
        else:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect("projects:detail", pk=pk)
    result, confirming = confirm_step(
        request,
        form,
        lambda: services.project_move(
            by=acting_user(request), project=project, to=to, comment=form.cleaned_data.get("comment", "")
        ),
    )
    if result is not None:
        messages.success(request, _("The project is %(status)s.") % {"status": ProjectStatus(to).label})
        return redirect("projects:detail", pk=pk)
    context = {
        "project": project, "alliance": project.alliance, "form": form, "confirming": confirming,
        "title": f"{project.code} → {ProjectStatus(to).label}", "warning": MOVE_WARNINGS.get(to, ""),
    }  # fmt: skip
    return render(request, "projects/confirm.html", context)


def _milestone(project: Any, pk: Any) -> Milestone:
    milestone = Milestone.objects.filter(pk=pk, project=project).select_related("project__alliance").first()
    if milestone is None:
        raise Http404(_("No such milestone."))
    return milestone


@login_redirect
@require_POST
def evidence_add(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = access_project(request.user, pk)
    milestone = _milestone(project, milestone_pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("projects:detail", pk=pk)
    if upload.size is not None and upload.size > services.milestones.EVIDENCE_MAX_BYTES:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect("projects:detail", pk=pk)
    try:
        services.evidence_add(
            by=acting_user(request), milestone=milestone, name=upload.name or "", data=upload.read()
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Attached."))
    return redirect("projects:detail", pk=pk)


@login_redirect
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project(request.user, pk)
    form = DoneForm(request.POST)
    if form.is_valid():
        milestone = _milestone(project, form.cleaned_data["milestone"])
        try:
            services.milestone_done(
                by=acting_user(request), milestone=milestone, done_on=form.cleaned_data["done_on"],
                note=form.cleaned_data.get("note", ""),
            )  # fmt: skip
        except PermissionDenied:
            raise
        except DomainError as exc:
            messages.error(request, " ".join([exc.message, *[m for ms in exc.fields.values() for m in ms]]))
        else:
            messages.success(request, _("The milestone is recorded as done."))
    else:
        messages.error(request, _("Please correct the errors below."))
    return redirect("projects:detail", pk=pk)


@login_redirect
@require_http_methods(["GET"])
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    project = access_project(request.user, pk)
    require(
        request, can_view_evidence(request.user, project, participant_ids(project), reviewer_ids(project))
    )
    evidence = Evidence.objects.filter(pk=evidence_pk, milestone__project=project).first()
    if evidence is None:
        raise Http404(_("No such file."))
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"{project.code}-{evidence.sha256[:12]}{evidence.extension}",
        content_type=evidence.content_type,
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned expert's opinion: score, verdict and reasons, confirmed before it is written for good."""
    assignment = access_assignment(request.user, pk)
    require(request, can_give_opinion(request.user, assignment))
    project = assignment.round.project
    form = OpinionForm(request.POST or None)
    done = hasattr(assignment, "opinion")
    result, confirming = (None, False)
    if not done:
        result, confirming = confirm_step(
            request,
            form,
            lambda: services.opinion_submit(
                by=acting_user(request),
                assignment=assignment,
                score=form.cleaned_data["score"],
                verdict=form.cleaned_data["verdict"],
                text=form.cleaned_data["text"],
            ),  # fmt: skip
        )
    if result is not None:
        messages.success(request, _("Your opinion is submitted."))
        return redirect("projects:opinion", pk=pk)
    context = {
        "assignment": assignment, "project": project, "alliance": project.alliance, "form": form,
        "confirming": confirming, "done": done,
        "participants": project_participants(project), "goals": list(project.goals.order_by("pk")),
        "milestones": milestones_of(project),
    }  # fmt: skip
    return render(request, "projects/opinion.html", context)
