"""Admission, exit and expulsion pages: the application form, the queue, an application's page with its
moves; notice of exit and its completion; proposing an expulsion and its record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.agreements.choices import VersionStatus
from itisa.agreements.permissions import can_view_agreements
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.formats import day
from itisa.membership import services
from itisa.membership.choices import ApplicationStatus as A
from itisa.membership.choices import ExitStatus
from itisa.membership.forms import (
    ApplicationFilterForm,
    ApplicationForm,
    ExitForm,
    ExpelForm,
    ReasonForm,
    ReviewForm,
    VoteForm,
)
from itisa.membership.models import Application
from itisa.membership.permissions import can_apply, can_give_exit_notice, can_manage_members, can_view_exits
from itisa.membership.selectors import (
    access_application,
    access_exit_notice,
    access_expulsion,
    access_membership,
    application_history,
    applications_of,
    exit_notices_of,
    expulsions_of,
    my_applications,
)
from itisa.membership.services.exits import notice_days, unpaid_invoice_numbers
from itisa.membership.workflows import APPLICANT, APPLICATION_TRANSITIONS, EXIT_TRANSITIONS, KEEPER
from itisa.registry.selectors import access_alliance, organisation_get
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


@login_redirect
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    require(request, can_apply(request.user, alliance))
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = call_service(
            form,
            lambda: services.application_submit(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if application is not None:
            messages.success(request, _("Your application is submitted. You can follow it here."))
            return redirect("membership:application", pk=application.pk)
    return render(request, "membership/apply.html", {"alliance": alliance, "form": form})


@login_redirect
@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    require(request, can_apply_any(request))
    page, query = paginate(request, my_applications(request.user))
    return render(request, "membership/my_applications.html", {"page": page, "query": query})


def can_apply_any(request: HttpRequest) -> Any:
    from itisa.core.decisions import Decision

    if request.user.is_authenticated:
        return Decision.allow(_("Your own applications."))
    return Decision.deny(_("Log in to see your applications."))


@login_redirect
@require_http_methods(["GET"])
def queue(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    require(request, can_manage_members(request.user, alliance))
    filters = ApplicationFilterForm(request.GET)
    filters.is_valid()
    d = getattr(filters, "cleaned_data", {})
    qs = applications_of(request.user, alliance, status=d.get("status") or "", q=d.get("q") or "")
    page, query = paginate(request, qs)
    context = {"alliance": alliance, "page": page, "query": query, "filters": filters, "statuses": A.choices}
    return render(request, "membership/applications.html", context)


def _application_page(request: HttpRequest, application: Application, **bound: Any) -> HttpResponse:
    keeper = bool(can_manage_members(request.user, application.alliance))
    actors = set()
    if keeper:
        actors.add(KEEPER)
    if request.user.is_authenticated and request.user.pk == application.applicant_id:
        actors.add(APPLICANT)
    status = application.status

    def may(target: str) -> bool:
        return APPLICATION_TRANSITIONS.can_move(status, target, actors)

    context = {
        "application": application,
        "alliance": application.alliance,
        "history": list(application_history(application)),
        "keeper": keeper,
        "agreement_link": bool(can_view_agreements(request.user, application.alliance)),
        # the registry's record, linked only for those who may open it (an applicant who is no one in
        # the registry yet gets the application's own copy of the organisation's data, not a 404)
        "organisation_link": application.organisation is not None
        and organisation_get(request.user, application.organisation.uscc) is not None,
        "may_review": may(A.REVIEWED),
        "may_reject": may(A.REJECTED),
        "may_withdraw": may(A.WITHDRAWN),
        "may_vote": may(A.VOTING),
        "may_accession": may(A.ACCESSION),
        "may_activate": may(A.ACTIVE)
        and application.accession is not None
        and application.accession.status == VersionStatus.EFFECTIVE,
        "review_form": bound.get("review_form") or ReviewForm(),
        "vote_form": bound.get("vote_form") or VoteForm(alliance=application.alliance),
        "errors": [
            str(e) for f in bound.values() if f is not None for errs in f.errors.values() for e in errs
        ],
    }
    return render(request, "membership/application.html", context)


@login_redirect
@require_http_methods(["GET"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_page(request, access_application(request.user, pk))


@login_redirect
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_application(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.application_review(
                by=acting_user(request), application=obj, comment=form.cleaned_data["comment"]
            ),
        )
        if done is not None:
            messages.success(request, _("First review passed; the organisation is registered."))
            return redirect("membership:application", pk=obj.pk)
    return _application_page(request, obj, review_form=form)


@login_redirect
@require_POST
def application_vote(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_application(request.user, pk)
    form = VoteForm(request.POST, alliance=obj.alliance)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.application_put_to_vote(
                by=acting_user(request),
                application=obj,
                body=form.cleaned_data["body"],
                deadline=form.cleaned_data["deadline"],
            ),
        )
        if done is not None:
            messages.success(request, _("The application is put to the vote; the seats were notified."))
            return redirect("membership:application", pk=obj.pk)
    return _application_page(request, obj, vote_form=form)


@login_redirect
@require_POST
def application_accession(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_application(request.user, pk)
    form = ReviewForm(request.POST)
    done = call_service(
        form, lambda: services.application_prepare_accession(by=acting_user(request), application=obj)
    )
    if done is not None:
        messages.success(request, _("The accession instrument is out for signature."))
        return redirect("membership:application", pk=obj.pk)
    return _application_page(request, obj, review_form=form)


@login_redirect
@require_POST
def application_activate(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_application(request.user, pk)
    form = ReviewForm(request.POST)
    done = call_service(form, lambda: services.application_activate(by=acting_user(request), application=obj))
    if done is not None:
        messages.success(request, _("The organisation is now a member."))
        return redirect("membership:application", pk=obj.pk)
    return _application_page(request, obj, review_form=form)


def _confirmed_reason(request: HttpRequest, obj: Application, *, reject: bool) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if not reject:
        form.fields["reason"].required = False
    done, confirming = confirm_step(
        request,
        form,
        (
            lambda: services.application_reject(
                by=acting_user(request), application=obj, reason=form.cleaned_data["reason"]
            )
        )
        if reject
        else (
            lambda: services.application_withdraw(
                by=acting_user(request), application=obj, reason=form.cleaned_data["reason"]
            )
        ),
    )
    if done is not None:
        messages.success(request, _("Application rejected.") if reject else _("Application withdrawn."))
        return redirect("membership:application", pk=obj.pk)
    context = {
        "alliance": obj.alliance,
        "form": form,
        "confirming": confirming,
        "title": (
            _("Reject the application of %(org)s") if reject else _("Withdraw the application of %(org)s")
        )
        % {"org": obj.name_zh},
        "warning": _("The applicant sees the reason. This cannot be undone.")
        if reject
        else _("A withdrawn application is closed; apply again to start over."),
        "back": reverse("membership:application", args=[obj.pk]),
    }
    return render(request, "membership/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_application(request.user, pk)
    require(request, can_manage_members(request.user, obj.alliance))
    return _confirmed_reason(request, obj, reject=True)


@login_redirect
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_application(request.user, pk)
    return _confirmed_reason(request, obj, reject=False)


# --- exit and expulsion ---------------------------------------------------------------------------


@login_redirect
@require_http_methods(["GET", "POST"])
def exit_give(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    membership = access_membership(request.user, pk, alliance=alliance)
    require(request, can_give_exit_notice(request.user, membership))
    form = ExitForm(request.POST or None, initial={"given_on": timezone.localdate()})
    days = notice_days(membership)
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.exit_notice_give(
            by=acting_user(request),
            membership=membership,
            reason=form.cleaned_data["reason"],
            given_on=form.cleaned_data["given_on"],
        ),
    )
    if done is not None:
        messages.success(
            request,
            _("Notice of exit recorded; the membership ends on %(date)s once dues are settled.")
            % {"date": day(done.effective_on)},
        )
        return redirect("membership:exits", code=alliance.code)
    context = {
        "alliance": alliance,
        "form": form,
        "confirming": confirming,
        "title": _("Notice of exit: %(org)s") % {"org": membership.organisation.name_zh},
        "warning": _(
            "The agreement's notice period is %(days)s days. The membership ends when it has run and every dues invoice is paid."
        )
        % {"days": days},
        "back": reverse("registry:alliance_detail", args=[alliance.code]) + "#members",
    }
    return render(request, "membership/confirm.html", context)


@login_redirect
@require_http_methods(["GET"])
def exits(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    require(request, can_view_exits(request.user, alliance))
    notices = list(exit_notices_of(request.user, alliance, pending_only=request.GET.get("all") != "1"))
    today = timezone.localdate()
    keeper = bool(can_manage_members(request.user, alliance))
    actors = {KEEPER} if keeper else set()
    rows = [
        (
            n,
            unpaid_invoice_numbers(n.membership) if n.status == "pending" else [],
            EXIT_TRANSITIONS.can_move(n.status, ExitStatus.COMPLETED, actors),
        )
        for n in notices
    ]
    context = {
        "alliance": alliance,
        "rows": rows,
        "today": today,
        "keeper": keeper,
        "expulsions": list(expulsions_of(request.user, alliance)),
        "show_all": request.GET.get("all") == "1",
    }
    return render(request, "membership/exits.html", context)


@login_redirect
@require_POST
def exit_complete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    notice = access_exit_notice(request.user, pk, alliance=alliance)
    require(request, can_manage_members(request.user, alliance))
    form = ReviewForm(request.POST)
    done = call_service(form, lambda: services.exit_complete(by=acting_user(request), notice=notice))
    if done is not None:
        messages.success(request, _("The membership has ended."))
    else:
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return redirect("membership:exits", code=alliance.code)


@login_redirect
@require_http_methods(["GET", "POST"])
def expel(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    alliance = access_alliance(request.user, code)
    membership = access_membership(request.user, pk, alliance=alliance)
    require(request, can_manage_members(request.user, alliance))
    form = ExpelForm(request.POST or None, alliance=alliance)
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.expulsion_propose(
            by=acting_user(request),
            membership=membership,
            grounds=d["grounds"],
            body=d["body"],
            deadline=d["deadline"],
        ),
    )
    if done is not None:
        messages.success(request, _("The expulsion is put to the vote."))
        return redirect("membership:expulsion", pk=done.pk)
    context = {
        "alliance": alliance,
        "form": form,
        "confirming": confirming,
        "title": _("Expel %(org)s for breach") % {"org": membership.organisation.name_zh},
        "warning": _(
            "If the deciding body passes the motion, the membership ends: its rights end, the confidentiality duty "
            "and the licences it granted continue, contributions are not refunded, and a claim for the recovery of "
            "government grants is opened."
        ),
        "back": reverse("registry:alliance_detail", args=[alliance.code]) + "#members",
    }
    return render(request, "membership/confirm.html", context)


@login_redirect
@require_http_methods(["GET"])
def expulsion(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_expulsion(request.user, pk)
    require(request, can_view_exits(request.user, obj.membership.alliance))
    claim = getattr(obj, "recovery_claim", None) if obj.status == "expelled" else None
    keeper = bool(can_manage_members(request.user, obj.membership.alliance))
    grant_funds: list[Any] = []
    if keeper and claim is not None and claim.amount is None:
        from itisa.ledger.choices import FundKind
        from itisa.ledger.models import Fund

        grant_funds = list(
            Fund.objects.filter(
                book__alliance=obj.membership.alliance, kind=FundKind.GOVERNMENT_GRANT
            ).order_by("pk")
        )
    context = {
        "expulsion": obj,
        "alliance": obj.membership.alliance,
        "claim": claim,
        "keeper": keeper,
        "grant_funds": grant_funds,
    }
    return render(request, "membership/expulsion.html", context)


@login_redirect
@require_POST
def claim_book(request: HttpRequest, pk: int) -> HttpResponse:
    from itisa.ledger.models import Fund
    from itisa.membership.services.exits import claim_book as book_claim

    obj = access_expulsion(request.user, pk)
    claim = getattr(obj, "recovery_claim", None)
    if claim is None:
        raise Http404(_("No such expulsion, or you may not see it."))
    require(request, can_manage_members(request.user, obj.membership.alliance))
    fund_id = request.POST.get("fund", "")
    fund = Fund.objects.select_related("book").filter(pk=int(fund_id)).first() if fund_id.isdigit() else None
    try:
        book_claim(by=acting_user(request), claim=claim, fund=fund, amount=request.POST.get("amount", ""))
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, "; ".join([exc.message, *(m for ms in exc.fields.values() for m in ms)]))
    else:
        messages.success(request, _("The claim is booked and waits for approval in the ledger."))
    return redirect("membership:expulsion", pk=obj.pk)
