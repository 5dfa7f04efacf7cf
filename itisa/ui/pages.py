"""Guarding and running a page: the same few steps in every domain's views.

A view asks ``require`` with a permission decision, runs services through ``call_service`` (or
``confirm_step`` for a destructive action in two posts), pages lists with ``paginate`` and answers
htmx live searches with a fragment when ``htmx_fragment`` says so. ``login_redirect`` wraps the view
and turns the refusals into a login redirect, a 404 or a 403 with the reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from itisa.core.decisions import Decision
from itisa.core.errors import DomainError, NotFound, PermissionDenied
from itisa.ui.forms import StyledForm

PAGE_SIZE = 25
T = TypeVar("T")


def require(request: HttpRequest, decision: Decision) -> None:
    """Stop a denied request: anonymous visitors go to the login page, others get 403 with the reason."""
    if decision:
        return
    if not request.user.is_authenticated:
        raise LoginRequired(request.get_full_path())
    raise HttpPermissionDenied(str(decision.reason))


class LoginRequired(Exception):  # noqa: N818  (control flow, caught by ``login_redirect``)
    """Raised by ``require`` for anonymous visitors; turned into a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def login_redirect(view: Any) -> Any:
    """Turn the refusals of a page into answers: ``LoginRequired`` into a redirect to the login page,
    NotFound (``access_<resource>``: missing or not visible) into a 404, and PermissionDenied (an
    ``access_<resource>`` need or a service) into the login page for anonymous visitors, as ``require``
    does, and a 403 with the reason for everyone else."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginRequired as exc:
            return redirect_to_login(exc.next_url)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise HttpPermissionDenied(exc.message) from exc

    return wrapped


def call_service(form: StyledForm, call: Callable[[], T]) -> T | None:
    """Run a service call; a refusal (DomainError) goes on the form and gives None.

    PermissionDenied is not a form error: it propagates (``login_redirect`` turns it into a 403).
    """
    try:
        return call()
    except PermissionDenied:
        raise
    except DomainError as exc:
        form.apply_domain_error(exc)
    return None


def confirm_step(request: HttpRequest, form: StyledForm, call: Callable[[], T]) -> tuple[T | None, bool]:
    """A destructive action in two posts: the first shows a confirmation, the second (``confirmed``) acts.

    Returns ``(result, confirming)``: the service's result once it ran (None when refused, with the
    refusal on the form), and whether the page should now ask for confirmation.
    """
    if request.method != "POST" or not form.is_valid():
        return None, False
    if not form.cleaned_data.get("confirmed"):
        return None, True
    return call_service(form, call), False


def paginate(
    request: HttpRequest, qs: QuerySet[Any] | Sequence[Any], per_page: int = PAGE_SIZE
) -> tuple[Page, str]:
    """The requested page and the query string (without ``page``) to keep filters in page links."""
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def htmx_fragment(request: HttpRequest) -> bool:
    """Whether htmx asked for the results only (live search), not a whole page (boost, history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.boosted and not htmx.history_restore_request)
