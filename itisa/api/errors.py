"""One error shape for the whole API: ``{"code": ErrorCode, "message": str, "fields": {field: [messages]}}``.

Status codes: validation errors are **422** — both a request that does not parse (ninja) and a
value a service refuses (DomainError with ``validation_error`` or ``needs_confirmation``), so a
client handles one status for "fix your input". Permission 403, unauthenticated 401 (also a
permission refused to a client that sent no credentials), not found 404 (also an ``/api/`` address no
operation serves), conflict and invalid transition 409, throttled 429, a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` 413. A body that is JSON but breaks ``core.strict_json``'s rules (a key
given twice, NaN, NUL, a lone surrogate) is a 422 naming the place; one that is not JSON at all, 400.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from itisa.core.errors import DomainError, ErrorCode, validation_error_fields
from itisa.ui.middleware import too_large_message

STATUS_OF_CODE: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION: 422,
    ErrorCode.NEEDS_CONFIRMATION: 422,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.INVALID_TRANSITION: 409,
    ErrorCode.THROTTLED: 429,
    ErrorCode.TOO_LARGE: 413,
}
CODE_OF_STATUS: dict[int, ErrorCode] = {
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.PERMISSION_DENIED,
    404: ErrorCode.NOT_FOUND,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.TOO_LARGE,
    429: ErrorCode.THROTTLED,
}
# Where ninja reports a parameter: the first element of ``loc``; a body also names its parameter.
_SOURCES = {"body": 2, "query": 1, "path": 1, "header": 1, "cookie": 1, "form": 2, "file": 1}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: ErrorCode,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code.value, "message": message, "fields": fields or {}}, status=status
    )


def field_path(loc: list[Any] | tuple[Any, ...]) -> str:
    """``["body", "payload", "legal_rep", 0]`` → ``"legal_rep.0"``; ``["query", "limit"]`` → ``"limit"``."""
    parts = list(loc)
    skip = _SOURCES.get(str(parts[0]), 0) if parts else 0
    rest = parts[skip:] or parts[-1:]
    return ".".join(str(p) for p in rest) or "__all__"


def _authenticated(request: HttpRequest) -> bool:
    """Whether the request came with credentials the API accepted (a token or a logged-in session)."""
    viewer = getattr(request, "auth", None)
    return bool(getattr(viewer, "is_authenticated", False))


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """``/api/…`` that no operation serves: 404 in the error shape, not the site's HTML page."""
    with translation.override(translation.get_language_from_request(request)):
        body = {"code": ErrorCode.NOT_FOUND.value, "message": _("No such API address."), "fields": {}}
        return JsonResponse(body, status=404)


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers that turn every refusal into the one error shape."""

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        status = STATUS_OF_CODE.get(exc.code, 400)
        if status == 403 and not _authenticated(request):
            # a refusal to a client that sent no credentials: logging in may change the answer (as the
            # site sends an anonymous visitor to the login page), so say that, as 401
            return unauthenticated(request)
        return error_response(api, request, status, exc.code, exc.message, exc.fields)

    def unauthenticated(request: HttpRequest) -> HttpResponse:
        message = _("Log in or send an API token.")
        return error_response(api, request, 401, ErrorCode.UNAUTHENTICATED, message)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(field_path(error.get("loc", ())), []).append(str(error.get("msg", "")))
        return error_response(
            api, request, 422, ErrorCode.VALIDATION, _("Please correct the errors below."), fields
        )

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        # a service should refuse with a DomainError (``core.errors.full_clean``); should a model's own
        # validation escape one, the client still gets 422 naming the fields, never a 500
        return error_response(
            api,
            request,
            422,
            ErrorCode.VALIDATION,
            _("Please correct the errors below."),
            validation_error_fields(exc),
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if exc.message == "Unauthorized":
            return unauthenticated(request)
        return error_response(api, request, 401, ErrorCode.UNAUTHENTICATED, str(exc.message))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # the form fields of a multipart request over the limit (``ui.middleware`` answers the rest)
        message = too_large_message(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        return error_response(api, request, 413, ErrorCode.TOO_LARGE, message)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # a body refused by the strict parser
            return domain_error(request, exc.__cause__)
        message = str(exc)
        if exc.status_code == 403 and "CSRF" in message:
            message = _("The CSRF check failed: send the X-CSRFToken header with a session login.")
        code = CODE_OF_STATUS.get(exc.status_code, ErrorCode.VALIDATION)
        return error_response(api, request, exc.status_code, code, message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, ErrorCode.NOT_FOUND, _("Not found."))
