"""Invitation pages: the invitations the viewer may manage (filter by status and alliance, 25 to a page),
the form to invite someone, sending again and revoking (confirmed first), and the accept page the e-mail
links to (accept when signed in; sign up or sign in otherwise). Thin: parse, call the selectors,
permissions and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.invitations import services
from itisa.invitations.choices import InvitationStatus
from itisa.invitations.forms import ConfirmForm, InvitationFilterForm, InvitationForm, ResendForm, SignupForm
from itisa.invitations.models import Invitation
from itisa.invitations.permissions import can_manage_invitation, may_invite, roles_invitable
from itisa.invitations.selectors import access_invitation, invitation_by_secret, invitations_for
from itisa.invitations.workflows import INVITATION_TRANSITIONS, MANAGER
from itisa.registry.models import Alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def _alliances(user: Any) -> list[tuple[str, str]]:
    """The alliances the viewer invites people to: all for the national office, else its secretariats'."""
    s = role_summary(user)
    qs = (
        Alliance.objects.all()
        if s.national
        else Alliance.objects.filter(pk__in=s.alliances_with(Role.SECRETARIAT))
    )
    return [(code, f"{code} {name}") for code, name in qs.order_by("code").values_list("code", "name_zh")]


@require_http_methods(["GET"])
@login_redirect
def invitation_list(request: HttpRequest) -> HttpResponse:
    """The invitations the viewer may manage, newest first, by status and alliance, 25 to a page."""
    require(request, may_invite(request.user))
    alliances = _alliances(request.user)
    form = InvitationFilterForm(request.GET, alliances=alliances)
    form.is_valid()
    filters = form.filters()
    alliance = Alliance.objects.filter(code=filters["alliance"]).first() if filters["alliance"] else None
    page, query = paginate(
        request, invitations_for(request.user, status=filters["status"], alliance=alliance)
    )
    now = timezone.now()
    rows = [(x, x.status_label_at(now), INVITATION_TRANSITIONS.can_move(x.status, InvitationStatus.REVOKED, {MANAGER}))
            for x in page]  # fmt: skip
    return render(
        request, "invitations/list.html", {"form": form, "page": page, "query": query, "rows": rows}
    )


@require_http_methods(["GET", "POST"])
@login_redirect
def invitation_create(request: HttpRequest) -> HttpResponse:
    """Invite someone by e-mail to a role the viewer may grant."""
    require(request, may_invite(request.user))
    initial = {"alliance": request.GET.get("alliance", "")}
    form = InvitationForm(request.POST or None, initial=initial, roles=roles_invitable(request.user),
                          alliances=_alliances(request.user))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, lambda: services.invitation_create(by=acting_user(request), data=form.to_input())
        )
        if done is not None:
            messages.success(request, _("The invitation to %(email)s is sent.") % {"email": done[0].email})
            return redirect("invitations:list")
    return render(request, "invitations/form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_redirect
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an invitation again with a new link (the old one stops working); confirmed first."""
    obj = access_invitation(request.user, pk, need=can_manage_invitation)
    form = ResendForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(request, form, lambda: services.invitation_resend(
        by=acting_user(request), invitation=obj, days=form.cleaned_data["days"]))  # fmt: skip
    if done is not None:
        messages.success(request, _("The invitation to %(email)s is sent again.") % {"email": obj.email})
        return redirect("invitations:list")
    return render(request, "invitations/confirm.html", {
        "form": form, "confirming": confirming, "invitation": obj,
        "title": _("Send the invitation to %(email)s again") % {"email": obj.email},
        "warning": _("A new link goes out; the link sent before stops working."),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@login_redirect
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke an invitation; confirmed first."""
    obj = access_invitation(request.user, pk, need=can_manage_invitation)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    done, confirming = confirm_step(request, form, lambda: services.invitation_revoke(by=acting_user(request),
                                                                                       invitation=obj))  # fmt: skip
    if done is not None:
        messages.success(request, _("The invitation to %(email)s is revoked.") % {"email": obj.email})
        return redirect("invitations:list")
    return render(request, "invitations/confirm.html", {
        "form": form, "confirming": confirming or request.method == "GET", "invitation": obj,
        "title": _("Revoke the invitation to %(email)s") % {"email": obj.email},
        "warning": _("Its link stops working; the person is not told."),
    })  # fmt: skip


def _gone(request: HttpRequest, obj: Invitation, status: str) -> HttpResponse:
    reasons: dict[str, str] = {
        InvitationStatus.ACCEPTED: _("This invitation has already been accepted; it works once."),
        InvitationStatus.REVOKED: _("This invitation was revoked."),
        InvitationStatus.EXPIRED: _("This invitation has expired; ask for a new one."),
    }
    return render(request, "invitations/gone.html", {"reason": reasons[status]}, status=410)


def _after(obj: Invitation) -> str:
    if obj.alliance is not None:
        return reverse("registry:alliance_detail", args=[obj.alliance.code])
    return reverse("web:home")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    """What the invitation offers (role, scope, inviter, expiry): accept it when signed in; sign up or sign
    in first otherwise. A used, revoked or expired invitation: 410 with the reason; an unknown link: 404."""
    obj = invitation_by_secret(secret)
    if obj is None:
        raise Http404(_("No such invitation."))
    status = obj.status_at(timezone.now())
    if status != InvitationStatus.PENDING:
        return _gone(request, obj, status)
    signed_in = request.user.is_authenticated
    data = request.POST if request.method == "POST" else None
    form = ConfirmForm(data) if signed_in else SignupForm(data)
    if request.method == "POST" and form.is_valid():
        if signed_in:
            done = call_service(
                form, lambda: services.invitation_accept(secret=secret, by=acting_user(request))
            )
            if done is not None:
                messages.success(request, _("You are now %(role)s.") % {"role": obj.get_role_display()})
                return redirect(_after(obj))
        else:
            d = form.cleaned_data
            made = call_service(form, lambda: services.invitation_signup(
                secret=secret, username=d["username"], display_name=d["display_name"], password=d["password"]))  # fmt: skip
            if made is not None:
                login(request, made[0], backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Your account is created; you are now %(role)s.")
                                 % {"role": obj.get_role_display()})  # fmt: skip
                return redirect(_after(obj))
    return render(
        request, "invitations/accept.html", {"invitation": obj, "form": form, "signed_in": signed_in}
    )
