"""Requests refused before any view reads them: a body over the limit (413) and NUL in the address (400).

Django raises ``RequestDataTooBig`` only when something reads an oversize body — the CSRF check, a form,
the API's parser — and answers 400 or, inside the API, 500. Looking at the declared length first gives
one clear answer, 413, wherever the request was going. A NUL character in the path or query string
reaches the database as part of a lookup, which PostgreSQL refuses with an error (500); it is not part
of any address the app makes, so a page request with one is refused here (400); the API refuses it
itself, naming the parameter (422, ``api.inputs``). API requests get the API's error shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from itisa.core.errors import ErrorCode

API_PREFIX = "/api/"


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_limit(request: HttpRequest) -> int:
    """The largest body accepted: ``DATA_UPLOAD_MAX_MEMORY_SIZE``; a request carrying files (multipart)
    may be up to ``UPLOAD_MAX_REQUEST_SIZE`` (a file of up to 10 MB with its form)."""
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
        return int(settings.UPLOAD_MAX_REQUEST_SIZE)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def too_large_message(limit: int) -> str:
    return _("The request is too large: at most %(limit)s MB.") % {"limit": f"{limit / 1048576:g}"}


class RequestGuardMiddleware:
    """Answers 413 for a declared body over ``body_limit`` and 400 for NUL in the path or query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            # as the API answers: in the client's Accept-Language (its URLs carry no language prefix)
            with translation.override(translation.get_language_from_request(request)):
                return self._guard(request)
        return self._guard(request)

    def _guard(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        if limit and _declared_length(request) > limit:
            return self._refuse(request, 413, ErrorCode.TOO_LARGE, too_large_message(limit))
        if request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
            # the form fields of an upload count against DATA_UPLOAD_MAX_MEMORY_SIZE, the files do not;
            # parse now (the CSRF check would, a moment later) to answer 413 rather than 400
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                message = too_large_message(int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0))
                return self._refuse(request, 413, ErrorCode.TOO_LARGE, message)
        if request.path.startswith(API_PREFIX):
            # the API refuses NUL itself, 422 naming the parameter (``api.inputs``)
            return self.get_response(request)
        if "\x00" in request.path or any("\x00" in k + "".join(v) for k, v in request.GET.lists()):
            message = _("Text cannot contain the NUL character (U+0000).")
            return self._refuse(request, 400, ErrorCode.VALIDATION, message)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, status: int, code: ErrorCode, message: str) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"code": code.value, "message": message, "fields": {}}, status=status)
        if status == 413:
            return render(request, "413.html", {"message": message}, status=status)
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
