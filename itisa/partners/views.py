"""The public partner search page and its Excel download (anonymous visitors allowed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.decisions import Decision
from itisa.core.errors import NotFound
from itisa.core.exports import xlsx_response
from itisa.membership.models import Membership
from itisa.membership.services import join_invite_send
from itisa.partners.exports import PARTNER_COLUMNS
from itisa.partners.forms import JoinInviteForm, PartnerFilterForm
from itisa.partners.selectors import invitable_alliances, invitable_among, invitable_partner, partner_search
from itisa.ui.pages import call_service, login_redirect, paginate, require


@require_http_methods(["GET"])
def partner_list(request: HttpRequest) -> HttpResponse:
    """Organisations of public alliances, searchable by name in Chinese or English, with filters."""
    form = PartnerFilterForm(request.GET or None)
    page, query = paginate(request, partner_search(form.filters()))
    invitable = invitable_among(request.user, list(page))
    invites = invitable is not None
    for o in page:
        o.may_invite = o.pk in (invitable or set())
    context = {"form": form, "page": page, "query": query, "total": page.paginator.count, "invites": invites}
    return render(request, "partners/list.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def join_invite(request: HttpRequest, uscc: str) -> HttpResponse:
    """Invite a found organisation to apply to one of the viewer's alliances (its secretariat)."""
    organisation = invitable_partner(uscc)
    if organisation is None:
        raise NotFound(_("No organisation %(uscc)s in the partner search.") % {"uscc": uscc})
    members = Membership.objects.active().filter(organisation=organisation).values("alliance_id")
    alliances = list(invitable_alliances(request.user).exclude(pk__in=members))
    require(request, Decision.allow("") if alliances else Decision.deny(
        _("Only the secretariat of an alliance that admits members, and of which this organisation is not a member "
          "yet, invites it to apply.")))  # fmt: skip
    form = JoinInviteForm(request.POST or None, alliances=alliances)
    if request.method == "POST" and form.is_valid():
        alliance = next(a for a in alliances if a.code == form.cleaned_data["alliance"])
        done = call_service(form, lambda: join_invite_send(by=acting_user(request), alliance=alliance,
                                                           organisation=organisation, message=form.cleaned_data["message"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("%(org)s's contacts (%(n)s) were invited to apply to %(code)s.")
                             % {"org": organisation.name_zh, "n": len(done), "code": alliance.code})  # fmt: skip
            return redirect("partners:list")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "partners/invite.html", {"form": form, "organisation": organisation}, status=status
    )


@require_http_methods(["GET"])
def partner_export(request: HttpRequest) -> HttpResponse:
    """The filtered partner list as an Excel workbook (no contact details)."""
    qs = partner_search(PartnerFilterForm(request.GET or None).filters())
    return xlsx_response("partners.xlsx", _("Partner search"), PARTNER_COLUMNS, qs)
