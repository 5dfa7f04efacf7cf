"""Proposal pages: the form to propose an alliance (any logged-in user), the proposer's proposals, the
competent officer's queue (by status, 25 to a page), and a proposal's page with submit, accept and return
(accept and return confirmed first; return asks for the reason). Thin: parse, call the selectors,
permissions and services, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.errors import DomainError, PermissionDenied
from itisa.founding import services
from itisa.founding.choices import ProposalStatus
from itisa.founding.forms import (
    ConfirmForm,
    ProposalForm,
    QueueFilterForm,
    ReturnForm,
    new_founder_formset,
    new_founders_of,
    new_founders_valid,
)
from itisa.founding.permissions import (
    actor_kinds,
    can_edit_proposal,
    can_propose_alliance,
    can_review_proposal,
    may_review_proposals,
)
from itisa.founding.selectors import access_proposal, proposals_of
from itisa.founding.selectors import proposal_queue as queue_of
from itisa.founding.workflows import PROPOSAL_TRANSITIONS
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require
from itisa.ui.panels import proposal_panels


@require_http_methods(["GET"])
@login_redirect
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The viewer's own proposals, newest first, 25 to a page."""
    require(request, can_propose_alliance(request.user))
    page, query = paginate(request, proposals_of(request.user))
    reviews = bool(may_review_proposals(request.user))
    return render(request, "founding/list.html", {"page": page, "query": query, "reviews": reviews})


@require_http_methods(["GET"])
@login_redirect
def proposal_queue(request: HttpRequest) -> HttpResponse:
    """The proposals the viewer reviews, by status (submitted by default), the longest waiting first."""
    require(request, may_review_proposals(request.user))
    form = QueueFilterForm(request.GET)
    form.is_valid()
    page, query = paginate(request, queue_of(request.user, status=form.chosen_status()))
    return render(request, "founding/queue.html", {"form": form, "page": page, "query": query})


@require_http_methods(["GET", "POST"])
@login_redirect
def proposal_create(request: HttpRequest) -> HttpResponse:
    """Draft a proposal to form an alliance."""
    require(request, can_propose_alliance(request.user))
    form = ProposalForm(request.POST or None)
    formset = new_founder_formset(request, None)
    if request.method == "POST" and form.is_valid() and new_founders_valid(formset):
        data = form.to_input(new_founders_of(formset))
        done = call_service(form, lambda: services.proposal_create(by=acting_user(request), data=data))
        if done is not None:
            messages.success(request, _("Your proposal %(code)s is saved as a draft; submit it when it is complete.")
                             % {"code": done.code})  # fmt: skip
            return redirect("founding:detail", done.pk)
    context = {"form": form, "formset": formset, "proposal": None}
    return render(request, "founding/form.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_redirect
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or returned proposal (its proposer)."""
    obj = access_proposal(request.user, pk, need=can_edit_proposal)
    form = ProposalForm(request.POST or None, initial=ProposalForm.initial_of(obj))
    formset = new_founder_formset(request, obj)
    if request.method == "POST" and form.is_valid() and new_founders_valid(formset):
        data = form.to_input(new_founders_of(formset))
        done = call_service(
            form, lambda: services.proposal_update(by=acting_user(request), proposal=obj, data=data)
        )
        if done is not None:
            messages.success(request, _("The proposal %(code)s is saved.") % {"code": done.code})
            return redirect("founding:detail", done.pk)
    context = {"form": form, "formset": formset, "proposal": obj}
    return render(request, "founding/form.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET"])
@login_redirect
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal as its proposer and the competent officers see it, with the moves the viewer may make."""
    obj = access_proposal(request.user, pk)
    may = PROPOSAL_TRANSITIONS.may(
        obj.status, actor_kinds(request.user, obj), submit=ProposalStatus.SUBMITTED,
        accept=ProposalStatus.ACCEPTED, send_back=ProposalStatus.RETURNED,
    )  # fmt: skip
    context = {"proposal": obj, "founders": list(obj.founders.all()), "new_founders": list(obj.new_founders.all()),
               "may_edit": bool(can_edit_proposal(request.user, obj)),
               "panels": [panel(request, obj) for panel in proposal_panels], **may}  # fmt: skip
    return render(request, "founding/detail.html", context)


@require_http_methods(["POST"])
@login_redirect
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the proposal to the competent officers."""
    obj = access_proposal(request.user, pk)
    try:
        services.proposal_submit(by=acting_user(request), proposal=obj)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("founding:detail", obj.pk)
    messages.success(
        request, _("The proposal %(code)s is submitted to the competent officer.") % {"code": obj.code}
    )
    return redirect("founding:detail", obj.pk)


@require_http_methods(["GET", "POST"])
@login_redirect
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the proposal into the registry; confirmed first."""
    obj = access_proposal(request.user, pk, need=can_review_proposal)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(
        request, form, lambda: services.proposal_accept(by=acting_user(request), proposal=obj)
    )
    if done is not None:
        messages.success(request, _("%(code)s is in the registry, forming; its proposer is its secretariat.")
                         % {"code": obj.code})  # fmt: skip
        return redirect("registry:alliance_detail", obj.code)
    return render(request, "founding/confirm.html", {
        "form": form, "confirming": confirming or request.method == "GET", "proposal": obj,
        "title": _("Accept the proposed alliance %(code)s") % {"code": obj.code},
        "warning": _("The alliance enters the registry as forming, its founders become members and its proposer "
                     "its secretariat."),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def proposal_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the proposal to its proposer with a reason; confirmed first."""
    obj = access_proposal(request.user, pk, need=can_review_proposal)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(request, form, lambda: services.proposal_return(
        by=acting_user(request), proposal=obj, reason=form.cleaned_data["reason"]))  # fmt: skip
    if done is not None:
        messages.success(
            request, _("The proposal %(code)s is returned to its proposer.") % {"code": obj.code}
        )
        return redirect("founding:queue")
    return render(request, "founding/confirm.html", {
        "form": form, "confirming": confirming, "proposal": obj,
        "title": _("Return the proposed alliance %(code)s") % {"code": obj.code},
        "warning": _("The proposer is told the reason and may correct the proposal and submit it again."),
    })  # fmt: skip
