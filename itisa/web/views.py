"""Shared pages: home, login, audit history, API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from itisa.accounts.actor import acting_user
from itisa.accounts.roles import role_summary
from itisa.accounts.services import api_token_create, api_token_revoke, user_language_set
from itisa.audit.selectors import history_of
from itisa.core.decisions import Decision
from itisa.core.errors import DomainError
from itisa.core.regions import Province
from itisa.ledger.models import Book
from itisa.ledger.permissions import can_view_books
from itisa.membership.permissions import can_manage_members
from itisa.membership.selectors import membership_get
from itisa.notifications.todo import todo_panel
from itisa.registry.choices import AllianceStatus
from itisa.registry.permissions import can_edit_alliance, can_edit_organisation
from itisa.registry.selectors import active_alliance_ids_of, alliances_visible_to, organisations_visible_to
from itisa.ui.audit import history_rows
from itisa.ui.pages import paginate
from itisa.web.forms import LoginForm, TokenCreateForm

AUDIT_PAGE_SIZE = 50


def _bars(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """Rows of a server-rendered bar chart: label, count and the width in percent of the largest."""
    top = max((n for _label, n in rows), default=0) or 1
    return [{"label": label, "count": n, "width": round(100 * n / top)} for label, n in rows]


def _count_by_status(qs: Any) -> list[tuple[str, int]]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return [(str(label), counts.get(value, 0)) for value, label in AllianceStatus.choices]


@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """The front page: the policy, public counts; a user's to-do list and alliances; officers' charts."""
    summary = role_summary(request.user)
    public = alliances_visible_to(None)
    context: dict[str, Any] = {
        "public_by_status": _count_by_status(public),
        "public_total": public.count(),
    }
    if summary.authenticated:
        ids = list(summary.alliance_roles)
        mine = list(alliances_visible_to(request.user).filter(pk__in=ids).order_by("code"))
        with_books = set(Book.objects.filter(alliance__in=mine).values_list("alliance_id", flat=True))
        for alliance in mine:
            alliance.my_roles = sorted(summary.alliance_roles.get(alliance.pk, ()))  # type: ignore[attr-defined]
            # the quick link to the ledger only where there is one the viewer may read
            alliance.keeps_books = alliance.pk in with_books and bool(can_view_books(request.user, alliance))  # type: ignore[attr-defined]
        context["my_alliances"] = mine
        context.update(todo_panel(request.user))
    if summary.is_officer:
        visible = alliances_visible_to(request.user)
        by_province = dict(
            visible.exclude(province="").order_by().values_list("province").annotate(n=Count("pk"))
        )
        context["officer_by_status"] = _bars(_count_by_status(visible))
        context["officer_by_province"] = _bars(
            sorted(((str(Province(p).label), n) for p, n in by_province.items()), key=lambda r: (-r[1], r[0]))
        )
        context["officer_national"] = visible.filter(province="").count()
    return render(request, "web/home.html", context)


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's ``set_language`` (cookie and redirect); for a logged-in
    user, the choice also becomes their preferred language, which their notifications follow."""
    code = request.POST.get("language", "")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        user_language_set(by=acting_user(request), language=code)
    # as at Django's own /i18n/setlang/ (outside the language prefixes): ``next`` is the unprefixed path,
    # which resolves in the default language only
    with translation.override(settings.LANGUAGE_CODE):
        return set_language(request)


class LoginView(auth_views.LoginView):
    """Django's login view; django-axes throttles repeated failures."""

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out (POST only)."""


def _audited_object(request: HttpRequest, object_type: str, object_id: int) -> tuple[Any, Decision]:
    """The object whose history is asked for, if the viewer may see it, and whether they may edit it."""
    user = request.user
    if object_type == "registry.alliance":
        alliance = alliances_visible_to(user).filter(pk=object_id).first()
        if alliance is not None:
            return alliance, can_edit_alliance(user, alliance)
    elif object_type == "registry.organisation":
        org = organisations_visible_to(user).filter(pk=object_id).first()
        if org is not None:
            return org, can_edit_organisation(user, org, active_alliance_ids=active_alliance_ids_of(org))
    elif object_type == "membership.membership":
        membership = membership_get(user, object_id)
        if membership is not None:
            return membership, can_manage_members(user, membership.alliance)
    raise Http404(_("No such object, or you may not see it."))


@login_required
@require_http_methods(["GET"])
def audit_history(request: HttpRequest, object_type: str, object_id: int) -> HttpResponse:
    """The audit entries about one object, oldest first, 50 a page, for those who may edit it."""
    obj, decision = _audited_object(request, object_type, object_id)
    if not decision:
        raise HttpPermissionDenied(str(decision.reason))
    page, query = paginate(request, history_of(obj), per_page=AUDIT_PAGE_SIZE)
    entries = history_rows(page.object_list, type(obj))
    context = {"obj": obj, "object_type": object_type, "entries": entries, "page": page, "query": query}
    return render(request, "web/audit_history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: list, create (the secret is shown once), revoke."""
    form = TokenCreateForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(by=acting_user(request), name=form.cleaned_data["name"])
        except DomainError as exc:
            form.apply_domain_error(exc)
        else:
            form = TokenCreateForm()
    own = request.user.api_tokens.order_by("-created_at", "-pk")  # type: ignore[union-attr]
    return render(request, "web/tokens.html", {"form": form, "tokens": own, "secret": secret})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke one of the user's own tokens."""
    token = request.user.api_tokens.filter(pk=pk, revoked_at__isnull=True).first()  # type: ignore[union-attr]
    if token is None:
        raise Http404(_("No such active token."))
    if request.method == "POST":
        api_token_revoke(by=acting_user(request), token=token)
        return redirect("web:tokens")
    return render(request, "web/token_revoke.html", {"token": token})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico by themselves are sent to the site's icon (served locally)."""
    return redirect(static("web/favicon.svg"))
