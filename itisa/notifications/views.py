"""The inbox page (the user's notifications, filtered, paginated; mark as read), the to-do page (待办)
and the private calendar feed of the user's dated duties, with the page that makes its address."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.core.formats import day
from itisa.notifications import services
from itisa.notifications.calendar import calendar_bytes
from itisa.notifications.forms import GROUP_BY_ALLIANCE, GROUP_BY_DUE, TodoFilterForm
from itisa.notifications.selectors import calendar_feed_of, calendar_feed_user, inbox_of, notification_get
from itisa.notifications.services import language_of
from itisa.notifications.todo import Todo, todos_for
from itisa.ui.pages import paginate

PAGE_SIZE = 25
TODO_PAGE_SIZE = 25


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the inbox page the form was posted from (same filter and page)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:inbox")
    return redirect(target)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread = request.GET.get("show") == "unread"
    page, query = paginate(request, inbox_of(request.user, unread=unread), per_page=PAGE_SIZE)
    context = {"page": page, "query": query, "unread": unread, "notifications": page.object_list}
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_get(request.user, pk)
    if notification is None:
        raise Http404(_("No such notification."))
    services.notification_mark_read(by=acting_user(request), notification=notification)
    return _back(request)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(by=acting_user(request))
    return _back(request)


def _group(todo: Todo, by: str) -> str:
    if by == GROUP_BY_ALLIANCE:
        return todo.alliance or _("Other")
    if todo.overdue:
        return _("Overdue")
    return day(todo.due) if todo.due else _("No due date")


def todo_rows(items: list[Todo], *, group: str = GROUP_BY_DUE) -> list[dict[str, Any]]:
    """The list as rows with their group heading, in the order shown: by due date (overdue first),
    or by alliance (each alliance's duties in due order, duties of no alliance last)."""
    if group == GROUP_BY_ALLIANCE:
        items = sorted(items, key=lambda t: (t.alliance is None, t.alliance or ""))
    return [{"group": _group(t, group), "todo": t} for t in items]


@login_required
@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    """The user's to-do list (待办): every duty, overdue first, grouped by due date or alliance."""
    form = TodoFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    group = data.get("group") or GROUP_BY_DUE
    rows = todo_rows(todos_for(request.user, kind=data.get("kind") or ""), group=group)
    page, query = paginate(request, rows, per_page=TODO_PAGE_SIZE)
    context = {"form": form, "page": page, "query": query, "rows": page.object_list, "total": len(rows)}
    return render(request, "notifications/todo.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The private calendar address: make (or replace) it, shown once, or turn it off."""
    secret = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(by=acting_user(request))
            return redirect("notifications:calendar")
        _feed, secret = services.calendar_feed_rotate(by=acting_user(request))
    # the site's own address, as in e-mails (the request's host may be a proxy's)
    feed_url = (
        settings.SITE_URL.rstrip("/") + reverse("calendar_feed", kwargs={"token": secret}) if secret else ""
    )
    context = {"feed": calendar_feed_of(request.user), "feed_url": feed_url}
    return render(request, "notifications/calendar.html", context)


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's dated duties as iCalendar, for calendar programs that cannot log in: the secret in
    the address is the only key (404 when unknown, replaced or turned off). In the owner's language."""
    user = calendar_feed_user(token)
    if user is None:
        raise Http404(_("No such calendar."))
    now = timezone.now()
    with translation.override(language_of(user)):
        items = todos_for(user, now=now)
        name = _("ITISA to-do list of %(user)s") % {"user": str(user)}
        body = calendar_bytes(items, name=name, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="itisa-todo.ics"'
    return response
