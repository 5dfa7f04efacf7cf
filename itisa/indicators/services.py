"""Writes of the indicator values: record what the system computes, report what the alliance may enter.

Both append rows (write-once); the newest row of an indicator is its current value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.indicators import compute, indicator
from itisa.core.values import ValueRefused, is_blank, parse_amount, strip_text, value_problems
from itisa.indicators import actions
from itisa.indicators.choices import Source
from itisa.indicators.models import IndicatorValue
from itisa.indicators.permissions import can_record_indicators
from itisa.indicators.selectors import current_values
from itisa.registry.models import Alliance

CENT = Decimal("0.01")


def _check_year(year: int, now: dt.datetime) -> None:
    if not 2000 <= year <= timezone.localdate(now).year:
        raise DomainError(
            _("Please correct the errors below."), fields={"year": [_("Choose a year that has begun.")]}
        )


def indicator_values_record(*, alliance: Alliance, year: int, by: Any, now: dt.datetime | None = None) -> int:
    """Record the system's value of every computed indicator of ``alliance``'s ``year`` that changed since
    it was last recorded; a value the alliance reported stays current. Returns the number of rows written.
    ``by`` None is the system (the annual report's clock)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
        if by is not None:
            decision = can_record_indicators(by, locked)
            if not decision:
                raise PermissionDenied(decision.reason)
        _check_year(year, now)
        live = compute(year, [locked.pk])
        current = current_values(year, [locked.pk]).get(locked.pk, {})
        rows = []
        for code, values in live.items():
            value = values.get(locked.pk)
            known = current.get(code)
            if value is None or (known is not None and (known.self_reported or known.value == value)):
                continue
            # stored as the column holds it (two places), so the row's seal matches what is read back
            rows.append(IndicatorValue(alliance=locked, year=year, code=code, value=value.quantize(CENT),
                                       source=Source.SYSTEM, by=by, at=now))  # fmt: skip
        if not rows:
            return 0
        written = IndicatorValue.objects.bulk_create(rows)
        log_action(locked, actions.VALUES_RECORDED, by=by, sealed=written, data={
            "year": year, "values": {r.code: str(r.value) for r in written},
        })  # fmt: skip
        return len(written)


def _amount(raw: Any) -> tuple[Decimal | None, str]:
    """The value as the column takes it (``core.values.parse_amount``: no exponents, spaces or
    full-width digits), or the reason it is refused."""
    try:
        return parse_amount(raw, column=IndicatorValue._meta.get_field("value")), ""  # type: ignore[arg-type]
    except ValueRefused as refused:
        return None, refused.message


def indicator_value_report(
    *,
    alliance: Alliance,
    year: int,
    code: str,
    value: Any,
    evidence: str,
    note: str = "",
    by: Any,
    now: dt.datetime | None = None,
) -> IndicatorValue:
    """The secretariat enters or corrects an indicator the alliance may report, with its evidence; the row
    is marked self-reported and becomes the current value."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
        decision = can_record_indicators(by, locked)
        if not decision:
            raise PermissionDenied(decision.reason)
        _check_year(year, now)
        errors: dict[str, list[str]] = {}
        spec = indicator(code)
        if spec is None:
            errors["code"] = [_("No such indicator.")]
        elif not spec.self_reported:
            errors["code"] = [
                _("This indicator is computed from the system's records; the alliance cannot enter it.")
            ]
        amount, refused = _amount(value)
        if amount is None:
            errors["value"] = [refused]
        elif amount < 0:
            errors["value"] = [_("Give a number from 0 up.")]
        elif spec is not None and spec.unit in ("count",) and amount != amount.to_integral_value():
            errors["value"] = [_("A count is a whole number.")]
        elif spec is not None and spec.unit == "percent" and amount > 100:
            errors["value"] = [_("A percentage is at most 100.")]
        # text that cannot be stored (NUL, lone surrogates) first, then the evidence's rules
        errors.update(value_problems({"evidence": evidence, "note": note or ""}))
        if "evidence" not in errors and is_blank(evidence):
            errors["evidence"] = [
                _("Say what proves the value: a document's number, an address, a statement.")
            ]
        elif "evidence" not in errors and len(strip_text(evidence)) > 500:
            errors["evidence"] = [_("At most 500 characters.")]
        if "note" not in errors and len(strip_text(note or "")) > 500:
            errors["note"] = [_("At most 500 characters.")]
        if errors or amount is None:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        row = IndicatorValue.objects.create(
            alliance=locked, year=year, code=code, value=amount.quantize(CENT),
            source=Source.SELF_REPORTED, evidence=strip_text(evidence), note=strip_text(note or ""), by=by, at=now,
        )  # fmt: skip
        log_action(locked, actions.VALUE_REPORTED, by=by, sealed=[row], data={
            "year": year, "code": code, "value": str(row.value), "evidence": row.evidence, "note": row.note,
        })  # fmt: skip
        return row
