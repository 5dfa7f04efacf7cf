"""Pages of the formal evaluation (docs/evaluation.md). Thin: parse, call selectors, permissions and services,
render. The campaign list and page (Excel of the campaign table), one evaluation with the action of its step,
the secretariat's self-evaluation form, the expert's review form, the decision (confirmed first), the
published grades (public; PDF) and one evaluation's record (PDF), the rectifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.errors import NotFound
from itisa.core.exports import Sheet, attachment, xlsx_download
from itisa.evaluation import services
from itisa.evaluation.choices import SELF_EVALUATION_PARTS, CampaignStatus, EvaluationStatus
from itisa.evaluation.forms import (
    AssignForm,
    CampaignForm,
    CheckForm,
    CommentForm,
    ConfirmForm,
    DecideForm,
    PlanForm,
    ReviewForm,
    SelfEvaluationForm,
    VerifyForm,
)
from itisa.evaluation.models import Evaluation
from itisa.evaluation.permissions import (
    can_check_rectification,
    can_comment,
    can_manage_evaluation,
    can_review_panel,
    can_run_step,
    can_submit_plan,
    can_submit_self_evaluation,
    can_verify,
    can_view_campaigns,
    can_view_panel_reviews,
)
from itisa.evaluation.rules import panel_majority, panel_tally
from itisa.evaluation.selectors import (
    access_assignment,
    access_campaign,
    access_evaluation,
    access_published,
    access_rectification,
    campaigns_visible_to,
    candidate_pilots,
    evaluations_visible_to,
    latest_self_evaluation,
    panel_candidates,
    published_grades,
    rectifications_visible_to,
)
from itisa.pilots.models import Application, Expert
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def _found(call: Any) -> Any:
    try:
        return call()
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from django.utils import translation

    from itisa.core.pdf import font_uris, html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string(template, {**context, "fonts": font_uris(), "today": timezone.localdate()})
    return attachment(html_to_pdf(html), "application/pdf", filename)


@require_http_methods(["GET"])
@login_redirect
def campaigns(request: HttpRequest) -> HttpResponse:
    """Every campaign the viewer sees; ``?format=xlsx`` the table of evaluations (of ``?campaign=ID``, or all)."""
    require(request, can_view_campaigns(request.user))
    if request.GET.get("format") == "xlsx":
        office = bool(can_manage_evaluation(request.user))
        chosen = request.GET.get("campaign", "")
        obj = _found(lambda: access_campaign(request.user, int(chosen))) if chosen.isdigit() else None
        rows = list(evaluations_visible_to(request.user, campaign=obj))
        return xlsx_download(
            f"evaluation-{obj.pk if obj else 'all'}.xlsx", [_campaign_sheet(obj, rows, office)]
        )
    page, query = paginate(request, campaigns_visible_to(request.user))
    return render(request, "evaluation/campaigns.html", {
        "page": page, "query": query, "office": bool(can_manage_evaluation(request.user)),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def campaign_new(request: HttpRequest) -> HttpResponse:
    require(request, can_manage_evaluation(request.user))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, lambda: services.campaign_open(by=acting_user(request), data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The campaign is open; add the pilots it covers."))
            return redirect("evaluation:campaign", pk=done.pk)
    return render(request, "evaluation/campaign_form.html", {"form": form})


def _campaign_sheet(campaign: Any, rows: list[Evaluation], office: bool) -> Sheet:
    return Sheet(
        name=_("Evaluations"), title=[[campaign.title_zh], [str(campaign.year)]] if campaign else [[_("Evaluations")]],
        header=[_("Campaign"), _("Alliance"), _("Name"), _("Pilot from"), _("Pilot until"), _("Step"), _("Experts"),
                _("Reviews"), _("Comments"), _("Grade")],
        rows=[[e.campaign.title_zh, e.alliance.code, e.alliance.name_zh, e.application.pilot_from, e.application.pilot_until,
               e.get_status_display(), e.n_assignments, e.n_reviews, e.n_comments,  # type: ignore[attr-defined]
               e.grade if office or e.status == EvaluationStatus.PUBLISHED else ""]
              for e in rows],
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's evaluations with each pilot's step; the office adds pilots; ``?format=xlsx``."""
    require(request, can_view_campaigns(request.user))
    obj = _found(lambda: access_campaign(request.user, pk))
    office = bool(can_manage_evaluation(request.user))
    if request.method == "POST":
        require(request, can_manage_evaluation(request.user))
        application = Application.objects.filter(pk=request.POST.get("application") or 0).first()
        if application is None:
            raise Http404(_("No such pilot."))
        form = ConfirmForm(request.POST)
        form.is_valid()
        done = call_service(form, lambda: services.evaluation_open(by=acting_user(request), campaign=obj,
                                                                  application=application))  # fmt: skip
        if done is not None:
            messages.success(
                request, _("%(alliance)s is in the campaign.") % {"alliance": application.alliance.code}
            )
            return redirect("evaluation:campaign", pk=pk)
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Refused."))
        return redirect("evaluation:campaign", pk=pk)
    rows = evaluations_visible_to(request.user, campaign=obj, status=request.GET.get("status", ""),
                                  q=request.GET.get("q", ""))  # fmt: skip
    page, query = paginate(request, rows)
    context = {
        "campaign": obj, "page": page, "query": query, "office": office, "statuses": EvaluationStatus.choices,
        "candidates": list(candidate_pilots(obj)) if office and obj.status == CampaignStatus.OPEN else [],
        "may_publish": office and obj.status == CampaignStatus.OPEN,
    }  # fmt: skip
    return render(request, "evaluation/campaign.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def campaign_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the campaign's grades; confirmed first."""
    require(request, can_manage_evaluation(request.user))
    obj = _found(lambda: access_campaign(request.user, pk))
    form = ConfirmForm(request.POST or None)
    done, confirming = confirm_step(request, form, lambda: services.campaign_publish(by=acting_user(request),
                                                                                    campaign=obj))  # fmt: skip
    if done is not None:
        messages.success(request, _("The grades are published."))
        return redirect("evaluation:published", pk=pk)
    return render(request, "evaluation/confirm.html", {
        "form": form, "confirming": confirming or request.method == "GET", "campaign": obj,
        "title": _("Publish the grades of %(title)s") % {"title": obj.title_zh},
        "warning": _("Publication is final: B pilots must rectify within %(months)s months and C pilots leave "
                     "pilot status.") % {"months": obj.rectification_months},
    })  # fmt: skip


@require_http_methods(["GET"])
def published(request: HttpRequest, pk: int) -> HttpResponse:
    """The published grades of a campaign (public); ``?format=pdf``."""
    obj = _found(lambda: access_published(pk))
    rows = list(published_grades(obj))
    if request.GET.get("format") == "pdf":
        return _pdf(
            "evaluation/published_pdf.html", {"campaign": obj, "rows": rows}, f"evaluation-{obj.pk}.pdf"
        )
    return render(request, "evaluation/published.html", {"campaign": obj, "rows": rows})


def _step_context(request: HttpRequest, obj: Evaluation) -> dict[str, Any]:
    user = request.user
    may = {
        "may_self_evaluate": bool(can_submit_self_evaluation(user, obj)),
        "may_verify": bool(can_verify(user, obj)),
        "may_recheck": bool(can_run_step(user, obj, EvaluationStatus.ELIGIBILITY)),
        "may_assign": bool(can_manage_evaluation(user)) and obj.status in (EvaluationStatus.ELIGIBILITY,
                                                                           EvaluationStatus.EXPERT_PANEL),
        "may_close_panel": bool(can_run_step(user, obj, EvaluationStatus.EXPERT_PANEL)),
        "may_comment": bool(can_comment(user, obj)),
        "may_decide": bool(can_run_step(user, obj, EvaluationStatus.COMMENTS)),
        "see_reviews": bool(can_view_panel_reviews(user, obj)),
    }  # fmt: skip
    assignments = list(obj.assignments.all())
    grades = [a.review.grade for a in assignments if hasattr(a, "review")]
    return {
        **may, "evaluation": obj, "report": latest_self_evaluation(obj), "recheck": getattr(obj, "recheck", None),
        "assignments": assignments, "tally": panel_tally(grades), "majority": panel_majority(grades),
        "comments": list(obj.comments.all()), "history": list(obj.status_changes.select_related("by")),
        "parts": SELF_EVALUATION_PARTS, "verify_form": VerifyForm(), "comment_form": CommentForm(),
        "candidates": panel_candidates(obj) if may["may_assign"] else [],
        "rectification": getattr(obj, "rectification", None),
    }  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """One evaluation: every step's record and the action of the step it is at; ``?format=pdf`` (its record)."""
    require(request, can_view_campaigns(request.user))
    obj = _found(lambda: access_evaluation(request.user, pk))
    if request.method == "POST":
        return _act(request, obj)
    context = _step_context(request, obj)
    if request.GET.get("format") == "pdf":
        return _pdf("evaluation/record_pdf.html", context, f"evaluation-{obj.alliance.code}-{obj.pk}.pdf")
    return render(request, "evaluation/evaluation.html", context)


def _act(request: HttpRequest, obj: Evaluation) -> HttpResponse:
    by = acting_user(request)
    action = request.POST.get("action", "")
    form: Any
    call: Callable[[], object]
    if action == "verify":
        form = VerifyForm(request.POST)
        call = lambda: services.evaluation_verify(by=by, evaluation=obj, accept=form.cleaned_data["accept"],  # noqa: E731
                                                  comment=form.cleaned_data["comment"])  # fmt: skip
    elif action == "recheck":
        form = ConfirmForm(request.POST)
        call = lambda: services.evaluation_recheck(by=by, evaluation=obj)  # noqa: E731
    elif action == "assign":
        form = AssignForm(request.POST)
        expert = Expert.objects.filter(pk=request.POST.get("expert") or 0).first()
        if expert is None:
            raise Http404(_("No such expert."))
        call = lambda: services.panel_assign(by=by, evaluation=obj, expert=expert)  # noqa: E731
    elif action == "close_panel":
        form = ConfirmForm(request.POST)
        call = lambda: services.panel_close(by=by, evaluation=obj)  # noqa: E731
    elif action == "comment":
        form = CommentForm(request.POST)
        call = lambda: services.comment_give(by=by, evaluation=obj, text=form.cleaned_data["text"])  # noqa: E731
    else:
        raise Http404(_("No such action."))
    if form.is_valid() and call_service(form, call) is not None:
        messages.success(request, _("Done."))
        return redirect("evaluation:evaluation", pk=obj.pk)
    context = _step_context(request, obj)
    context["errors"] = [str(e) for e in form.non_field_errors()] + [
        f"{k}: {' '.join(v)}" for k, v in form.errors.items() if k != "__all__"
    ]
    return render(request, "evaluation/evaluation.html", context, status=400)


@require_http_methods(["GET", "POST"])
@login_redirect
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat writes and submits its self-evaluation report."""
    require(request, can_view_campaigns(request.user))
    obj = _found(lambda: access_evaluation(request.user, pk))
    require(request, can_submit_self_evaluation(request.user, obj))
    previous = latest_self_evaluation(obj)
    initial = dict(previous.parts) if previous else {}
    form = SelfEvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.self_evaluation_submit(
            by=acting_user(request), evaluation=obj, parts=form.parts(),
            figures_year=form.cleaned_data.get("figures_year")))  # fmt: skip
        if done is not None:
            messages.success(request, _("The self-evaluation is submitted to the office."))
            return redirect("evaluation:evaluation", pk=pk)
    return render(request, "evaluation/self_evaluation.html", {"evaluation": obj, "form": form})


@require_http_methods(["GET", "POST"])
@login_redirect
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The assigned expert proposes a grade with reasons, once."""
    require(request, can_view_campaigns(request.user))
    assignment = _found(lambda: access_assignment(request.user, pk))
    require(request, can_review_panel(request.user, assignment))
    obj = assignment.evaluation
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.panel_review_submit(
            by=acting_user(request), assignment=assignment, grade=form.cleaned_data["grade"],
            reasons=form.cleaned_data["reasons"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("Your review is submitted."))
            return redirect("evaluation:evaluation", pk=obj.pk)
    return render(request, "evaluation/review.html", {
        "assignment": assignment, "evaluation": obj, "form": form,
        "report": obj.self_evaluations.order_by("-submitted_at", "-pk").first(),
        "recheck": getattr(obj, "recheck", None), "parts": SELF_EVALUATION_PARTS,
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The national office approves the grade with reasons; confirmed first."""
    require(request, can_view_campaigns(request.user))
    obj = _found(lambda: access_evaluation(request.user, pk))
    require(request, can_run_step(request.user, obj, EvaluationStatus.COMMENTS))
    form = DecideForm(request.POST or None)
    done, confirming = confirm_step(request, form, lambda: services.evaluation_decide(
        by=acting_user(request), evaluation=obj, grade=form.cleaned_data["grade"],
        reasons=form.cleaned_data["reasons"]))  # fmt: skip
    if done is not None:
        messages.success(
            request, _("The grade is approved; it takes effect when the campaign's grades are published.")
        )
        return redirect("evaluation:evaluation", pk=pk)
    return render(request, "evaluation/decide.html", {
        "evaluation": obj, "form": form, "confirming": confirming, **_step_context(request, obj),
        "warning": _("A grade once approved is not changed; it is published with the campaign."),
    })  # fmt: skip


@require_http_methods(["GET"])
@login_redirect
def rectifications(request: HttpRequest) -> HttpResponse:
    """The rectifications the viewer follows, deadlines first."""
    require(request, can_view_campaigns(request.user))
    page, query = paginate(request, rectifications_visible_to(request.user))
    return render(request, "evaluation/rectifications.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@login_redirect
def rectification(request: HttpRequest, pk: int) -> HttpResponse:
    """A B pilot's rectification: the plan (secretariat) and the follow-up check (office)."""
    require(request, can_view_campaigns(request.user))
    obj = _found(lambda: access_rectification(request.user, pk))
    may_plan, may_check = (
        bool(can_submit_plan(request.user, obj)),
        bool(can_check_rectification(request.user, obj)),
    )
    plan_form = PlanForm(request.POST if request.POST.get("action") == "plan" else None)
    check_form = CheckForm(request.POST if request.POST.get("action") == "check" else None)
    if request.method == "POST":
        by = acting_user(request)
        if request.POST.get("action") == "plan" and plan_form.is_valid() and call_service(
            plan_form, lambda: services.rectification_plan_submit(by=by, rectification=obj,
                                                                 plan=plan_form.cleaned_data["plan"])) is not None:  # fmt: skip
            messages.success(request, _("The rectification plan is submitted."))
            return redirect("evaluation:rectification", pk=pk)
        if request.POST.get("action") == "check" and check_form.is_valid() and call_service(
            check_form, lambda: services.rectification_check(by=by, rectification=obj,
                                                            passed=check_form.cleaned_data["passed"],
                                                            comment=check_form.cleaned_data["comment"])) is not None:  # fmt: skip
            messages.success(request, _("The follow-up check is recorded."))
            return redirect("evaluation:rectification", pk=pk)
    return render(request, "evaluation/rectification.html", {
        "rectification": obj, "may_plan": may_plan, "may_check": may_check, "plan_form": plan_form,
        "check_form": check_form, "history": list(obj.status_changes.select_related("by")),
    }, status=400 if request.method == "POST" else 200)  # fmt: skip
