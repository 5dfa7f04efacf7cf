"""``{{ value|amount }}``: an amount of CNY as accountants print it, grouped by thousands with two
decimals (``1,200.50``) in every language. Django's ``floatformat:"2g"`` follows the active locale, and
the zh-Hans locale groups nothing below 10,000 (``1200.50``), while vouchers and ledgers are printed in
Chinese; the form's live totals (``static/ledger/entry_form.js``) print the same way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def amount(value: Any) -> str:
    """``1,200.50``; nothing for no value; the value as it is when it is not a number."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{number:,.2f}"
