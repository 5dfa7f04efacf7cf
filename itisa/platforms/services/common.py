"""What every platforms service shares: field errors, reading amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from itisa.core.errors import DomainError
from itisa.core.values import Column, ValueRefused, parse_amount

Errors = dict[str, list[str]]


def invalid(errors: Errors) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def amount(value: Any, column: Column, field: str, errors: Errors) -> Decimal:
    """``value`` read against ``column`` (``core.values.parse_amount``), not negative; a refusal goes
    into ``errors``."""
    try:
        parsed = parse_amount(value, column=column)
    except ValueRefused as exc:
        errors.setdefault(field, []).append(exc.message)
        return Decimal(0)
    if parsed < 0:
        errors.setdefault(field, []).append(_("The amount is not negative."))
    return parsed


def required(value: str, field: str, errors: Errors) -> None:
    if not value:
        errors.setdefault(field, []).append(_("This field is required."))
