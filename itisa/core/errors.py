"""Domain errors with stable codes. Interfaces translate them into one error shape."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _


class ErrorCode(StrEnum):
    """Stable machine-readable error codes shared by the API, the CLI and the web UI."""

    VALIDATION = "validation_error"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    INVALID_TRANSITION = "invalid_transition"
    NEEDS_CONFIRMATION = "needs_confirmation"
    UNAUTHENTICATED = "unauthenticated"
    THROTTLED = "throttled"
    TOO_LARGE = "too_large"


class DomainError(Exception):
    """A refused domain action. ``fields`` maps field names to lists of messages."""

    code: ErrorCode = ErrorCode.VALIDATION

    def __init__(
        self,
        message: str | Promise,
        *,
        code: ErrorCode | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code is not None:
            self.code = code
        self.fields = fields or {}


class PermissionDenied(DomainError):
    """The acting user may not do this; the message says why."""

    code = ErrorCode.PERMISSION_DENIED


class NotFound(DomainError):
    """No such object, or the viewer may not see it."""

    code = ErrorCode.NOT_FOUND


class InvalidTransition(DomainError):
    """A status change that the transition table does not allow."""

    code = ErrorCode.INVALID_TRANSITION


class Conflict(DomainError):
    """The action collides with existing data (a duplicate, a concurrent change)."""

    code = ErrorCode.CONFLICT


def validation_error_fields(exc: object) -> dict[str, list[str]]:
    """Turn a Django ValidationError into ``{field: [messages]}``."""
    from django.core.exceptions import ValidationError

    if not isinstance(exc, ValidationError):
        return {"__all__": [str(exc)]}
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def full_clean(obj: Any, **kwargs: Any) -> None:
    """``obj.full_clean(**kwargs)``, refusing (``DomainError``, 422) with the fields Django names rather
    than letting its ``ValidationError`` escape (a 500 in the API): a value beyond a column's range on
    PostgreSQL, a text over its length."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc
