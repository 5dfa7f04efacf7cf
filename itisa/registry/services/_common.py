"""Validation helpers shared by the registry services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.core.errors import DomainError, ErrorCode, validation_error_fields


def full_clean(obj: Any, errors: dict[str, list[str]], exclude: list[str] | None = None) -> None:
    try:
        # Check constraints are restated as field rules above; the database still enforces them.
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in validation_error_fields(exc).items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), code=ErrorCode.VALIDATION, fields=errors)
