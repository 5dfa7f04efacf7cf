"""``login_redirect`` answers the refusals of a page the same way in every domain."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from itisa.core.decisions import Decision
from itisa.core.errors import NotFound, PermissionDenied
from itisa.ui.pages import login_redirect, require
from tests.factories import UserFactory


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().get("/en/alliances/CSA/dues/?year=2026")
    request.user = user
    return request


def _raising(exc: Exception) -> Any:
    @login_redirect
    def view(request: HttpRequest) -> HttpResponse:
        raise exc

    return view


def test_not_found_is_a_404_for_everyone() -> None:
    with pytest.raises(Http404, match="No alliance with the code NOPE."):
        _raising(NotFound("No alliance with the code NOPE."))(_request(AnonymousUser()))


def test_a_refusal_sends_anonymous_visitors_to_the_login_page_and_back() -> None:
    response = _raising(PermissionDenied("You must log in first."))(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].endswith("?next=/en/alliances/CSA/dues/%3Fyear%3D2026")


@pytest.mark.django_db
def test_a_refusal_is_a_403_with_the_reason_for_a_logged_in_user() -> None:
    with pytest.raises(HttpPermissionDenied, match="Only the secretariat keeps its dues."):
        _raising(PermissionDenied("Only the secretariat keeps its dues."))(_request(UserFactory()))


def test_require_and_a_refused_need_give_the_same_answer_to_anonymous_visitors() -> None:
    @login_redirect
    def view(request: HttpRequest) -> HttpResponse:
        require(request, Decision.deny("You must log in first."))
        return HttpResponse()

    by_require = view(_request(AnonymousUser()))
    by_need = _raising(PermissionDenied("You must log in first."))(_request(AnonymousUser()))
    assert by_require["Location"] == by_need["Location"]
