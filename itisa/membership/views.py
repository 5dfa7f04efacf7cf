"""Membership pages: admit a member, end a membership, change a rank; and the member panels."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.accounts.roles import role_summary
from itisa.core.exports import xlsx_download
from itisa.membership import imports
from itisa.membership.forms import MemberAddForm, MemberEndForm, MemberRankForm
from itisa.membership.permissions import can_manage_members, can_view_breaches, can_view_dues, can_view_exits
from itisa.membership.selectors import access_membership, members_of, memberships_of_organisation
from itisa.membership.services import membership_add, membership_change_rank, membership_end
from itisa.registry.memberships import active_membership_q
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import access_alliance, organisation_search
from itisa.ui.imports import ImportPage, import_page
from itisa.ui.pages import call_service, login_redirect, paginate, require

MEMBERS_PER_PAGE = 50


def members_panel(request: HttpRequest, alliance: Alliance) -> str:
    """The members table of the alliance page, a page at a time and searchable by name or credit code,
    with the add form for those who keep the list."""
    include_past = request.GET.get("past") == "1"
    term = request.GET.get("mq", "").strip()[:100]
    members = members_of(request.user, alliance, include_past=include_past)
    active = members.filter(active_membership_q()) if include_past else members
    if term:
        members = members.filter(
            Q(organisation__name_zh__icontains=term) | Q(organisation__uscc__icontains=term)
        )
    page, query = paginate(request, members, per_page=MEMBERS_PER_PAGE)
    can_manage = can_manage_members(request.user, alliance)
    if can_manage:
        _row_links(alliance, page.object_list)
    context = {
        "alliance": alliance,
        "members": page.object_list,
        "page": page,
        "query": query,
        "term": term,
        "active_count": active.count() if include_past or term else page.paginator.count,
        "include_past": include_past,
        "can_manage": can_manage,
        "show_reasons": role_summary(request.user).has_any_role,
        # links only to what the viewer may open (no 403 behind a link)
        "may_dues": bool(can_view_dues(request.user, alliance)),
        "may_breaches": bool(can_view_breaches(request.user, alliance)),
        "may_exits": bool(can_view_exits(request.user, alliance)),
        "form": MemberAddForm() if can_manage else None,
    }
    return render_to_string("membership/_members_panel.html", context, request=request)


_PK = "987654321"  # a placeholder pk: each row's links are the page's links with its own pk


def _row_links(alliance: Alliance, members: Any) -> None:
    """Each row's action links, reversed once per page rather than six times per row."""
    links = {
        "rank": reverse("membership:member_rank", args=[alliance.code, _PK]),
        "end": reverse("membership:member_end", args=[alliance.code, _PK]),
        "exit": reverse("membership:exit_give", args=[alliance.code, _PK]),
        "expel": reverse("membership:expel", args=[alliance.code, _PK]),
        "history": reverse("web:audit_history", args=["membership.membership", _PK]),
    }
    split = {name: url.rpartition(f"/{_PK}/") for name, url in links.items()}  # the pk is the last segment
    for m in members:
        m.links = {name: f"{head}/{m.pk}/{tail}" for name, (head, _sep, tail) in split.items()}


def organisation_memberships_panel(request: HttpRequest, org: Organisation) -> str:
    """The alliances an organisation belongs to (or belonged to), on the organisation page."""
    context = {"memberships": memberships_of_organisation(request.user, org.pk)}
    return render_to_string("membership/_organisation_memberships.html", context, request=request)


def _find_organisation(request: HttpRequest, term: str) -> Organisation | None:
    """One organisation by credit code or exact Chinese name; None when none or several match."""
    matches = [
        o
        for o in organisation_search(request.user, q=term)[:20]
        if o.uscc == term.strip().upper() or o.name_zh == term.strip()
    ]
    return matches[0] if len(matches) == 1 else None


@login_redirect
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    """Admit an organisation to the alliance with a rank and a joining date."""
    alliance = access_alliance(request.user, code)
    require(request, can_manage_members(request.user, alliance))
    form = MemberAddForm(request.POST or None)
    options = []
    if request.method == "POST" and form.is_valid():
        term = form.cleaned_data["organisation"]
        org = _find_organisation(request, term)
        if org is None:
            form.add_error(
                "organisation", _("No single registered organisation matches %(term)s.") % {"term": term}
            )
            options = list(organisation_search(request.user, q=term)[:10])
        else:
            added = call_service(
                form,
                lambda: membership_add(
                    by=acting_user(request),
                    alliance=alliance,
                    organisation=org,
                    rank=form.cleaned_data["rank"],
                    joined_on=form.cleaned_data["joined_on"],
                ),
            )
            if added is not None:
                return redirect("registry:alliance_detail", code=alliance.code)
    form._mark_invalid()
    return render(
        request, "membership/member_add.html", {"alliance": alliance, "form": form, "options": options}
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """End a membership: fill in date and reason, then confirm on a second page."""
    alliance = access_alliance(request.user, code)
    membership = access_membership(request.user, pk, alliance=alliance)
    require(request, can_manage_members(request.user, alliance))
    if membership.left_on is not None:
        raise Http404(_("This membership has already ended."))
    form = MemberEndForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirming = True
        else:
            ended = call_service(
                form,
                lambda: membership_end(
                    by=acting_user(request),
                    membership=membership,
                    left_on=form.cleaned_data["left_on"],
                    reason=form.cleaned_data["left_reason"],
                ),
            )
            if ended is not None:
                return redirect("registry:alliance_detail", code=alliance.code)
    context = {"alliance": alliance, "membership": membership, "form": form, "confirming": confirming}
    return render(request, "membership/member_end.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def member_rank(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Change the rank of an active member."""
    alliance = access_alliance(request.user, code)
    membership = access_membership(request.user, pk, alliance=alliance)
    require(request, can_manage_members(request.user, alliance))
    form = MemberRankForm(request.POST or None, initial={"rank": membership.rank})
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            lambda: membership_change_rank(
                by=acting_user(request), membership=membership, rank=form.cleaned_data["rank"]
            ),
        )
        if changed is not None:
            return redirect("registry:alliance_detail", code=alliance.code)
    return render(
        request, "membership/member_rank.html", {"alliance": alliance, "membership": membership, "form": form}
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest, code: str) -> HttpResponse:
    """Members from Excel: upload, a preview of every row with its reasons, then all rows or none."""
    alliance = access_alliance(request.user, code, need=can_manage_members)
    by = acting_user(request)
    page = ImportPage(
        purpose=f"membership.members.{alliance.code}", columns=imports.COLUMNS, max_bytes=imports.MAX_BYTES,
        preview=lambda data: imports.members_preview(by=by, alliance=alliance, data=data),
        run=lambda data: imports.members_import(by=by, alliance=alliance, data=data),
        template="membership/member_import.html",
    )  # fmt: skip

    def done(created: list[Any]) -> HttpResponse:
        messages.success(request, _("%(n)s members are recorded.") % {"n": len(created)})
        return redirect("registry:alliance_detail", code=alliance.code)

    context = {
        "alliance": alliance,
        "intro": _("Fill in the template: one member per row, the columns explained on its second sheet."),
        "max_rows": imports.MAX_ROWS,
        "template_url": reverse("membership:member_template", args=[alliance.code]),
        "cancel_url": reverse("registry:alliance_detail", args=[alliance.code]),
    }
    return import_page(request, page, context, done)


@login_redirect
@require_http_methods(["GET"])
def member_template(request: HttpRequest, code: str) -> HttpResponse:
    """The documented template of the member import."""
    access_alliance(request.user, code, need=can_manage_members)
    return xlsx_download("members-template.xlsx", imports.template_sheets())
