"""Promotion pages: the public key technical problems (list with search and filters, Excel, detail), an
officer's forms to draft, change, publish, close or delete them, the alliances forming in the officer's
scope (组建中的联盟), endorsing one and withdrawing an endorsement (confirmed first), a proposal as the
promoting bodies see it, and the endorsement sections of the alliance and proposal pages. Thin: parse, call
the selectors, permissions and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import xlsx_response
from itisa.founding.models import AllianceProposal
from itisa.promotion import selectors, services
from itisa.promotion.choices import ProblemStatus, body_label
from itisa.promotion.exports import PROBLEM_COLUMNS
from itisa.promotion.forms import (
    CloseForm,
    ConfirmForm,
    EndorseForm,
    ProblemFilterForm,
    ProblemForm,
    WithdrawForm,
)
from itisa.promotion.permissions import (
    bodies_of,
    can_close_problem,
    can_edit_problem,
    can_endorse,
    can_view_forming,
    can_withdraw_endorsement,
    covering_bodies,
    may_promote,
    problem_actors,
)
from itisa.promotion.workflows import PROBLEM_TRANSITIONS
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require

# ------------------------------------------------------------------------------------------- key problems


@require_http_methods(["GET"])
def problem_list(request: HttpRequest) -> HttpResponse:
    """Published key problems (and the viewer's body's drafts), searchable, with filters, 25 to a page."""
    form = ProblemFilterForm(request.GET or None)
    page, query = paginate(request, selectors.problem_search(request.user, form.filters()))
    context = {"form": form, "page": page, "query": query, "total": page.paginator.count,
               "may_publish": bool(may_promote(request.user))}  # fmt: skip
    return render(request, "promotion/problem_list.html", context)


@require_http_methods(["GET"])
def problem_export(request: HttpRequest) -> HttpResponse:
    """The filtered list of key problems as an Excel workbook."""
    qs = selectors.problem_search(request.user, ProblemFilterForm(request.GET or None).filters())
    return xlsx_response("key-problems.xlsx", _("Key technical problems"), PROBLEM_COLUMNS, qs)


@require_http_methods(["GET"])
@login_redirect
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A key problem, with the moves its body's officers may make."""
    obj = selectors.access_problem(request.user, pk)
    may = PROBLEM_TRANSITIONS.may(obj.status, problem_actors(request.user, obj), publish=ProblemStatus.OPEN,
                                  close=ProblemStatus.CLOSED)  # fmt: skip
    context = {"problem": obj, "may_edit": bool(can_edit_problem(request.user, obj)), **may}
    return render(request, "promotion/problem_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def problem_create(request: HttpRequest) -> HttpResponse:
    """Draft a key problem for one of the officer's bodies."""
    require(request, may_promote(request.user))
    form = ProblemForm(request.POST or None, bodies=bodies_of(request.user))
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, lambda: services.problem_create(by=acting_user(request), data=form.to_input())
        )
        if done is not None:
            messages.success(
                request, _("The key technical problem is saved as a draft; publish it when it is ready.")
            )
            return redirect("promotion:problem", done.pk)
    return render(request, "promotion/problem_form.html", {"form": form, "problem": None})


@require_http_methods(["GET", "POST"])
@login_redirect
def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft key problem (its body's officers)."""
    obj = selectors.access_problem(request.user, pk, need=can_edit_problem)
    form = ProblemForm(request.POST or None, initial=ProblemForm.initial_of(obj), bodies=[obj.body])
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, lambda: services.problem_update(by=acting_user(request), problem=obj, data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The key technical problem is saved."))
            return redirect("promotion:problem", done.pk)
    return render(request, "promotion/problem_form.html", {"form": form, "problem": obj})


@require_http_methods(["POST"])
@login_redirect
def problem_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft key problem."""
    obj = selectors.access_problem(request.user, pk)
    try:
        services.problem_publish(by=acting_user(request), problem=obj)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("promotion:problem", obj.pk)
    messages.success(request, _("The key technical problem is published."))
    return redirect("promotion:problem", obj.pk)


def _confirm_page(
    request: HttpRequest, form: Any, confirming: bool, *, title: str, warning: str, back: str
) -> HttpResponse:
    return render(request, "promotion/confirm.html", {"form": form, "confirming": confirming, "title": title,
                                                      "warning": warning, "back": back})  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def problem_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an open key problem; confirmed first."""
    obj = selectors.access_problem(request.user, pk, need=can_close_problem)
    form = CloseForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(request, form, lambda: services.problem_close(
        by=acting_user(request), problem=obj, comment=form.cleaned_data.get("comment") or ""))  # fmt: skip
    if done is not None:
        messages.success(request, _("The key technical problem is closed."))
        return redirect("promotion:problem", obj.pk)
    return _confirm_page(request, form, confirming, title=_("Close the key technical problem"),
                         warning=_("A closed problem stays public, marked closed; it cannot be opened again."),
                         back=_problem_url(obj))  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def problem_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft key problem; confirmed first."""
    obj = selectors.access_problem(request.user, pk, need=can_edit_problem)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(
        request, form, lambda: services.problem_delete(by=acting_user(request), problem=obj)
    )
    if done is not None:
        messages.success(request, _("The draft key technical problem is deleted."))
        return redirect("promotion:problems")
    return _confirm_page(request, form, confirming or request.method == "GET",
                         title=_("Delete the draft key technical problem"),
                         warning=_("The draft is deleted; the audit log keeps what it said."), back=_problem_url(obj))  # fmt: skip


def _problem_url(obj: Any) -> str:
    return reverse("promotion:problem", args=[obj.pk])


# ------------------------------------------------------------------------------------ forming in a scope


@require_http_methods(["GET"])
@login_redirect
def forming(request: HttpRequest) -> HttpResponse:
    """组建中的联盟: the forming alliances and submitted proposals the officer's bodies promote, with their
    active endorsements, and every endorsement of those bodies."""
    require(request, can_view_forming(request.user))
    alliances = list(selectors.forming_alliances(request.user))
    proposals = list(selectors.forming_proposals(request.user))
    by_alliance, by_proposal = selectors.active_endorsements(alliances=alliances, proposals=proposals)
    mine = list(selectors.endorsements_of_bodies(request.user))
    context = {
        "alliances": [(a, by_alliance.get(a.pk, []), bool(can_endorse(request.user, a))) for a in alliances],
        "proposals": [(p, by_proposal.get(p.pk, []), bool(can_endorse(request.user, p))) for p in proposals],
        "mine": [(e, bool(can_withdraw_endorsement(request.user, e))) for e in mine],
        "bodies": [body_label(b.kind, b.code) for b in bodies_of(request.user)],
    }
    return render(request, "promotion/forming.html", context)


def _endorse(request: HttpRequest, subject: Alliance | AllianceProposal, back: str) -> HttpResponse:
    require(request, can_endorse(request.user, subject))
    bodies = covering_bodies(request.user, subject)
    form = EndorseForm(request.POST or None, bodies=bodies, problems=list(selectors.open_problems_of(bodies)))
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.endorsement_record(by=acting_user(request), subject=subject,
                                                                      data=form.to_input()))  # fmt: skip
        if done is not None:
            messages.success(request, _("Your endorsement of %(code)s is recorded; its people are told.")
                             % {"code": subject.code})  # fmt: skip
            return redirect(back)
    return render(request, "promotion/endorse.html", {"form": form, "subject": subject, "back": back})


@require_http_methods(["GET", "POST"])
@login_redirect
def endorse_alliance(request: HttpRequest, code: str) -> HttpResponse:
    """Endorse a forming alliance of the officer's scope."""
    alliance = access_alliance(request.user, code)
    return _endorse(request, alliance, reverse("registry:alliance_detail", args=[alliance.code]))


@require_http_methods(["GET", "POST"])
@login_redirect
def endorse_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """Endorse a submitted proposal of the officer's scope."""
    proposal = selectors.access_promoted_proposal(request.user, pk)
    return _endorse(request, proposal, reverse("promotion:proposal", args=[proposal.pk]))


@require_http_methods(["GET", "POST"])
@login_redirect
def endorsement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an endorsement of the officer's body, with a reason; confirmed first."""
    obj = selectors.access_endorsement(request.user, pk, need=can_withdraw_endorsement)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(request, form, lambda: services.endorsement_withdraw(
        by=acting_user(request), endorsement=obj, reason=form.cleaned_data["reason"]))  # fmt: skip
    if done is not None:
        messages.success(request, _("The endorsement is withdrawn; its people are told."))
        return redirect("promotion:forming")
    return _confirm_page(request, form, confirming, title=_("Withdraw the endorsement"),
                         warning=_("The endorsement is kept, marked withdrawn with your reason, and its people are told."),
                         back=reverse("promotion:forming"))  # fmt: skip


@require_http_methods(["GET"])
@login_redirect
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal to form an alliance as the bodies promoting its scope see it, with its endorsements."""
    obj = selectors.access_promoted_proposal(request.user, pk)
    context = {"proposal": obj, "founders": list(obj.founders.all()),
               "endorsements": selectors.proposal_endorsements(obj),
               "may_endorse": bool(can_endorse(request.user, obj))}  # fmt: skip
    return render(request, "promotion/proposal.html", context)


# ---------------------------------------------------------------------------------------------- panels


def alliance_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page (for those who see it): its active endorsements, and the endorse link for an
    officer who may. Nothing for an alliance nobody endorsed that the viewer may not endorse."""
    endorsements = selectors.alliance_endorsements(alliance)
    may = bool(can_endorse(request.user, alliance))
    if not endorsements and not may:
        return ""
    return render_to_string("promotion/_panel.html", {"endorsements": endorsements, "may_endorse": may,
                            "endorse_url_name": "promotion:endorse_alliance", "endorse_arg": alliance.code},
                            request=request)  # fmt: skip


def proposal_panel(request: HttpRequest, proposal: Any) -> str:
    """On the proposal page (its proposer and competent officers): its active endorsements."""
    endorsements = selectors.proposal_endorsements(proposal)
    may = bool(can_endorse(request.user, proposal))
    if not endorsements and not may:
        return ""
    return render_to_string("promotion/_panel.html", {"endorsements": endorsements, "may_endorse": may,
                            "endorse_url_name": "promotion:endorse_proposal", "endorse_arg": proposal.pk},
                            request=request)  # fmt: skip
