"""What every licensing service shares: the permission check, field errors, reading amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.values import Column, ValueRefused, parse_amount
from itisa.licensing.permissions import can_keep_licences

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.registry.models import Alliance

Errors = dict[str, list[str]]


def require_keeper(by: User | None, alliance: Alliance) -> None:
    decision = can_keep_licences(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def invalid(errors: Errors) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def amount(value: Any, column: Column, field: str, errors: Errors, *, positive: bool = False) -> Decimal:
    """``value`` read against ``column`` (``core.values.parse_amount``), not negative (above zero when
    ``positive``); a refusal goes into ``errors``."""
    try:
        parsed = parse_amount(value, column=column)
    except ValueRefused as exc:
        errors.setdefault(field, []).append(exc.message)
        return Decimal(0)
    if positive and parsed <= 0:
        errors.setdefault(field, []).append(_("The amount is above zero."))
    elif parsed < 0:
        errors.setdefault(field, []).append(_("The amount is not negative."))
    return parsed


def required(value: str, field: str, errors: Errors) -> None:
    if not value:
        errors.setdefault(field, []).append(_("This field is required."))
