"""The expert pool (office) and the expert's own assignments and review form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.accounts.models import User
from itisa.core.decisions import Decision
from itisa.core.exports import xlsx_download
from itisa.pilots import imports, services
from itisa.pilots.choices import item_label
from itisa.pilots.forms import ConfirmForm, ExpertForm, ReviewForm
from itisa.pilots.materials import material_rows
from itisa.pilots.permissions import can_manage_program, can_read_materials, can_review
from itisa.pilots.selectors import (
    access_assignment,
    access_expert,
    experts_in_pool,
    my_assignments,
    weighted_total,
)
from itisa.registry.models import Organisation
from itisa.ui.imports import ImportPage, import_page
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


@login_redirect
@require_http_methods(["GET", "POST"])
def experts(request: HttpRequest) -> HttpResponse:
    """The office's expert pool and the form to add an expert."""
    require(request, can_manage_program(request.user))
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        user = User.objects.filter(username=d["username"]).first()
        organisation = (
            Organisation.objects.filter(uscc=d["organisation"]).first() if d["organisation"] else None
        )
        if user is None:
            form.add_error("username", _("No account with this username."))
        elif d["organisation"] and organisation is None:
            form.add_error("organisation", _("No organisation with this credit code in the registry."))
        else:
            expert = call_service(
                form,
                lambda: services.expert_create(
                    by=acting_user(request),
                    user=user,
                    name=d["name"],
                    organisation=organisation,
                    specialities=d["specialities"],
                ),
            )
            if expert is not None:
                messages.success(request, _("%(name)s is in the expert pool.") % {"name": expert.name})
                return redirect("pilots:experts")
    q = request.GET.get("q", "")[:100]
    page, query = paginate(request, experts_in_pool(request.user, q))
    return render(request, "pilots/experts.html", {"form": form, "page": page, "query": query, "q": q})


@login_redirect
@require_http_methods(["GET", "POST"])
def expert_import(request: HttpRequest) -> HttpResponse:
    """Experts from Excel: upload, a preview of every row with its reasons, then all rows or none."""
    require(request, can_manage_program(request.user))
    by = acting_user(request)
    page = ImportPage(
        purpose="pilots.experts", columns=imports.COLUMNS, max_bytes=imports.MAX_BYTES,
        preview=lambda data: imports.experts_preview(by=by, data=data),
        run=lambda data: imports.experts_import(by=by, data=data),
        template="pilots/expert_import.html",
    )  # fmt: skip

    def done(created: list[Any]) -> HttpResponse:
        messages.success(request, _("%(n)s experts are in the pool.") % {"n": len(created)})
        return redirect("pilots:experts")

    context = {
        "intro": _("Fill in the template: one expert per row, the columns explained on its second sheet."),
        "max_rows": imports.MAX_ROWS,
        "template_url": reverse("pilots:expert_template"),
        "cancel_url": reverse("pilots:experts"),
    }
    return import_page(request, page, context, done)


@login_redirect
@require_http_methods(["GET"])
def expert_template(request: HttpRequest) -> HttpResponse:
    """The documented template of the expert import."""
    require(request, can_manage_program(request.user))
    return xlsx_download("experts-template.xlsx", imports.template_sheets())


@login_redirect
@require_http_methods(["GET", "POST"])
def expert_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an expert out of the pool, after a confirmation; their assignments and reviews stay."""
    require(request, can_manage_program(request.user))
    expert = access_expert(request.user, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(
        request, form, lambda: services.expert_remove(by=acting_user(request), expert=expert)
    )
    if done is not None:
        messages.success(request, _("%(name)s is no longer in the expert pool.") % {"name": expert.name})
        return redirect("pilots:experts")
    n = expert.n_assignments  # type: ignore[attr-defined]
    context = {
        "form": form,
        "confirming": confirming or request.method == "GET",
        "title": _("Remove %(name)s from the expert pool") % {"name": expert.name},
        "warning": ngettext(
            "%(name)s will no longer be offered for assignment. Their %(n)s assignment and any review already "
            "submitted stay as they are.",
            "%(name)s will no longer be offered for assignment. Their %(n)s assignments and the reviews already "
            "submitted stay as they are.",
            n,
        )
        % {"name": expert.name, "n": n},
        "back": reverse("pilots:experts"),
    }
    return render(request, "pilots/confirm.html", context)


@login_redirect
@require_http_methods(["GET"])
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The expert's assignments, with whether each review is submitted."""
    if not request.user.is_authenticated:
        require(request, Decision.deny(_("You must log in first.")))
    page, query = paginate(request, my_assignments(request.user))
    return render(request, "pilots/my_reviews.html", {"page": page, "query": query})


@login_redirect
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Score each rubric criterion 0–100 with comments; once submitted the review is shown, not edited."""
    if not request.user.is_authenticated:
        # the notice of an assignment links here: a logged-out expert logs in and comes back
        require(request, Decision.deny(_("You must log in first.")))
    assignment = access_assignment(request.user, pk)
    application = assignment.application
    rubric = application.call.rubric
    submitted = getattr(assignment, "review", None) if hasattr(assignment, "review") else None
    if submitted is None:
        require(request, can_review(request.user, assignment))
    form = ReviewForm(request.POST or None, rubric=rubric)
    confirming_total = None
    if (
        submitted is None
        and request.method == "POST"
        and form.is_valid()
        and not form.cleaned_data["confirmed"]
    ):
        confirming_total = weighted_total(rubric, form.scores())
    elif submitted is None and request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: services.review_submit(
                by=acting_user(request),
                assignment=assignment,
                scores=form.scores(),
                comments=form.comments(),
                summary=form.cleaned_data["summary"],
            ),
        )
        if done is not None:
            messages.success(request, _("Your review is submitted."))
            return redirect("pilots:review", pk=assignment.pk)
    criteria = [
        {
            "label": item_label(c),
            "weight": c["weight"],
            "score": submitted.scores.get(c["code"]) if submitted else None,
            "comment": submitted.comments.get(c["code"], "") if submitted else "",
            "score_field": form[f"score_{c['code']}"],
            "comment_field": form[f"comment_{c['code']}"],
        }
        for c in rubric
    ]
    reading = can_read_materials(request.user, application)
    context = {
        "assignment": assignment,
        "application": application,
        "materials": material_rows(application),
        "may_read_materials": bool(reading),
        "materials_closed": "" if reading else reading.reason,
        "review": submitted,
        "form": form,
        "criteria": criteria,
        "confirming_total": confirming_total,
    }
    return render(request, "pilots/review.html", context)
