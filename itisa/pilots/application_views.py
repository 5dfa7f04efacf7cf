"""Pages of one pilot application: start it, supply materials, submit, the office's moves, recommending,
assigning experts (with conflict reasons), the aggregated scores and the decision."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.pilots import services
from itisa.pilots.choices import GENERATED_MATERIALS, Outcome
from itisa.pilots.choices import ApplicationStatus as A
from itisa.pilots.eligibility.labels import reference_label
from itisa.pilots.forms import (
    ApplyForm,
    AssignForm,
    CommentForm,
    DecisionForm,
    MaterialForm,
    RecommendForm,
    ReturnForm,
)
from itisa.pilots.materials import material_content, material_rows
from itisa.pilots.models import Application, Expert
from itisa.pilots.permissions import (
    NOT_LOGGED_IN,
    can_apply,
    can_edit_application,
    can_manage_call,
    can_read_materials,
    can_recommend,
    can_view_application,
    can_view_reviews,
    is_applicant,
)
from itisa.pilots.selectors import (
    access_application,
    access_call,
    application_history,
    assignment_candidates,
    assignments_of,
    recommendation_letter,
    recommendations_of,
    score_summary,
)
from itisa.pilots.services.reviews import ASSIGNABLE
from itisa.pilots.workflows import ALLIANCE, APPLICATION_TRANSITIONS, OFFICE
from itisa.registry.models import Alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, require


def pdf_download(file: Any, filename: str) -> FileResponse:
    """A stored PDF (or PDF bytes) as a download that no browser renders or sniffs as anything else."""
    body = io.BytesIO(file) if isinstance(file, bytes) else file.open("rb")
    response = FileResponse(body, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _application(request: HttpRequest, pk: int, *, need: Any = can_view_application) -> Application:
    if not request.user.is_authenticated:
        # links in notices lead here: a visitor who is logged out logs in and comes back
        require(request, Decision.deny(NOT_LOGGED_IN))
    # an assigned expert with a conflict of interest is refused here, with the reason
    return access_application(request.user, pk, need=need)


@login_redirect
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat starts its alliance's application to an open call."""
    call = access_call(request.user, pk)
    ids = role_summary(request.user).alliances_with(Role.SECRETARIAT)
    alliances = list(Alliance.objects.filter(pk__in=ids).order_by("code"))
    if not alliances:
        require(request, can_apply(request.user, call, Alliance(pk=0)))
    form = ApplyForm(request.POST or None, alliances=alliances)
    if request.method == "POST" and form.is_valid():
        alliance = next(a for a in alliances if a.code == form.cleaned_data["alliance"])
        application = call_service(
            form, lambda: services.application_create(by=acting_user(request), call=call, alliance=alliance)
        )
        if application is not None:
            messages.success(request, _("The application is started. Supply the materials, then submit it."))
            return redirect("pilots:application", pk=application.pk)
    return render(request, "pilots/apply.html", {"call": call, "form": form})


def _criteria(application: Application) -> list[dict[str, Any]]:
    from django.utils.translation import get_language

    from itisa.pilots.charts import criterion_labels

    english = (get_language() or "").startswith("en")
    labels = criterion_labels()
    return [
        {
            **c,
            "label": labels.get(c["code"], c["code"]),
            "reason": c["reason_en"] if english else c["reason_zh"],
            "reference": reference_label(c.get("reference", "")),
        }
        for c in (application.eligibility or {}).get("criteria", [])
    ]


def _page(request: HttpRequest, application: Application, **bound: Any) -> HttpResponse:
    user = request.user
    office = bool(can_manage_call(user, application.call))
    actors = ({OFFICE} if office else set()) | ({ALLIANCE} if is_applicant(user, application) else set())

    def may(target: str) -> bool:
        return APPLICATION_TRANSITIONS.can_move(application.status, target, actors)

    reviews_visible = bool(can_view_reviews(user, application))
    context = {
        "application": application,
        "call": application.call,
        "alliance": application.alliance,
        "office": office,
        "editable": bool(can_edit_application(user, application)),
        "checklist": material_rows(application),
        "may_read_materials": bool(can_read_materials(user, application)),
        "generated": GENERATED_MATERIALS,
        "criteria": _criteria(application),
        "history": list(application_history(application)),
        "recommendations": list(recommendations_of(application)),
        "may_recommend": bool(can_recommend(user, application)),
        "may_formal_check": may(A.FORMAL_CHECK),
        "may_expert_review": may(A.EXPERT_REVIEW),
        "may_requeue": may(A.SUBMITTED) and application.status == A.RESUBMITTED,
        "may_return": may(A.RETURNED),
        "may_submit": may(A.SUBMITTED) or may(A.RESUBMITTED),
        "may_decide": may(A.DECIDED),
        "may_assign": office and application.status in ASSIGNABLE,
        "candidates": assignment_candidates(application)
        if office and application.status in ASSIGNABLE
        else [],
        "assignments": list(assignments_of(application)) if office else [],
        "summary": score_summary(application) if reviews_visible else None,
        "reviews_visible": reviews_visible,
        "recommend_form": bound.get("recommend_form") or RecommendForm(),
        "return_form": bound.get("return_form") or ReturnForm(),
        "comment_form": bound.get("comment_form") or CommentForm(),
        "decision_form": bound.get("decision_form") or DecisionForm(scope=application.call.scope),
        "errors": [
            str(e) for f in bound.values() if f is not None for errs in f.errors.values() for e in errs
        ],
    }
    return render(request, "pilots/application.html", context)


@login_redirect
@require_http_methods(["GET"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _application(request, pk))


@login_redirect
@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a PDF for one item, or (``generate``) supply it from the platform."""
    obj = _application(request, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        code = form.cleaned_data["code"]
        upload = form.cleaned_data.get("file")
        if "generate" in request.POST:
            done = call_service(
                form, lambda: services.material_generate(by=acting_user(request), application=obj, code=code)
            )
        elif upload is None:
            form.add_error("file", _("Choose a file."))
            done = None
        else:
            done = call_service(
                form,
                lambda: services.material_upload(
                    by=acting_user(request),
                    application=obj,
                    code=code,
                    name=upload.name or "",
                    data=upload.read(services.PDF_MAX_BYTES + 1),
                ),
            )
        if done is not None:
            messages.success(request, _("Material added."))
            return redirect("pilots:application", pk=obj.pk)
    return _page(request, obj, comment_form=form)


@login_redirect
@require_http_methods(["GET"])
def material_download(request: HttpRequest, pk: int, material_pk: int) -> FileResponse:
    """An uploaded material, or the PDF of the agreement version the application froze, to whoever may
    read the application's materials (its assigned experts among them)."""
    obj = _application(request, pk, need=can_read_materials)
    content = material_content(obj, material_pk)
    if content is None:
        raise Http404(_("No such material."))
    return pdf_download(content.body, content.filename)


@login_redirect
@require_http_methods(["GET"])
def recommendation_letter_download(request: HttpRequest, pk: int, recommendation_pk: int) -> FileResponse:
    """The signed recommendation letter (PDF), to whoever may see the application."""
    obj = _application(request, pk)
    recommendation = recommendation_letter(obj, recommendation_pk)
    if recommendation is None:
        raise Http404(_("No such recommendation letter."))
    return pdf_download(
        recommendation.letter_file, f"{obj.alliance.code}-recommendation-{recommendation.pk}.pdf"
    )


@login_redirect
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _application(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    done = call_service(form, lambda: services.application_submit(by=acting_user(request), application=obj))
    if done is not None:
        if obj.call.is_provincial:
            messages.success(request, _("The application is submitted to the provincial department."))
        else:
            messages.success(request, _("The application is submitted to the national office."))
        return redirect("pilots:application", pk=obj.pk)
    return _page(request, obj, comment_form=form)


@login_redirect
@require_POST
def move(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    obj = _application(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.application_move(
                by=acting_user(request), application=obj, target=status, comment=form.cleaned_data["comment"]
            ),
        )
        if done is not None:
            messages.success(request, _("The application moved on."))
            return redirect("pilots:application", pk=obj.pk)
    return _page(request, obj, comment_form=form)


@login_redirect
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _application(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.application_return(
                by=acting_user(request), application=obj, comment=form.cleaned_data["comment"]
            ),
        )
        if done is not None:
            messages.success(request, _("The application is returned to the alliance for correction."))
            return redirect("pilots:application", pk=obj.pk)
    return _page(request, obj, return_form=form)


@login_redirect
@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _application(request, pk)
    require(request, can_recommend(request.user, obj))
    form = RecommendForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("letter_file")
        done = call_service(
            form,
            lambda: services.recommendation_add(
                by=acting_user(request),
                application=obj,
                letter=form.cleaned_data["letter"],
                name=upload.name if upload else "",
                data=upload.read(services.PDF_MAX_BYTES + 1) if upload else None,
            ),
        )
        if done is not None:
            messages.success(request, _("Your recommendation is recorded."))
            return redirect("pilots:application", pk=obj.pk)
    return render(request, "pilots/recommend.html", {"application": obj, "form": form})


@login_redirect
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _application(request, pk)
    require(request, can_manage_call(request.user, obj.call))
    form = AssignForm(request.POST)
    if form.is_valid():
        expert = Expert.objects.filter(pk=form.cleaned_data["expert"]).first()
        if expert is None:
            raise Http404(_("No such expert."))
        done = call_service(
            form, lambda: services.expert_assign(by=acting_user(request), application=obj, expert=expert)
        )
        if done is not None:
            messages.success(request, _("%(name)s is assigned.") % {"name": expert.name})
            return redirect("pilots:application", pk=obj.pk)
    return _page(request, obj, comment_form=form)


@login_redirect
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _application(request, pk)
    require(request, can_manage_call(request.user, obj.call))
    form = DecisionForm(request.POST or None, scope=obj.call.scope)
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.application_decide(
            by=acting_user(request),
            application=obj,
            outcome=form.cleaned_data["outcome"],
            reasons=form.cleaned_data["reasons"],
        ),
    )
    if done is not None:
        messages.success(request, _("The decision is recorded; it is published with the call's list."))
        return redirect("pilots:application", pk=obj.pk)
    outcome = form.cleaned_data.get("outcome") if form.is_bound and form.is_valid() else ""
    context = {
        "call": obj.call,
        "form": form,
        "confirming": confirming,
        "title": _("Decide the application of %(alliance)s") % {"alliance": obj.alliance.code},
        "warning": _(
            "Decision: %(outcome)s. The alliance sees the decision and the reasons once the list is published."
        )
        % {"outcome": Outcome(outcome).label if outcome else "—"},
        "back": reverse("pilots:application", args=[obj.pk]),
    }
    return render(request, "pilots/confirm.html", context)
