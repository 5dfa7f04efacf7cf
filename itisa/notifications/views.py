"""The inbox page: the user's notifications, filtered (all or unread), paginated; mark as read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from itisa.accounts.actor import acting_user
from itisa.notifications import services
from itisa.notifications.selectors import inbox_of, notification_get
from itisa.ui.pages import paginate

PAGE_SIZE = 25


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
