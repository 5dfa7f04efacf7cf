"""Money and dates as people read them, in every template (a built-in library: no ``{% load %}``).

``{{ x|money }}`` ``183,280.00``, ``{{ x|money:"¥" }}`` ``¥183,280.00``; ``{{ x|wan }}`` for budgets and
grants (``3,000.00万元``, in English ``¥30,000,000.00``); ``{{ d|day }}`` ``2026年12月7日``,
``{{ t|daytime }}`` ``2026年12月7日 14:05`` (Beijing time). Dates and 万元 come in a ``text-nowrap`` span
so that a table cell never breaks them in the middle; use them in text, not inside an attribute. The
rules are ``itisa.core.formats``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from itisa.core import formats

register = template.Library()


def _unbroken(text: str) -> str:
    if text == formats.BLANK:
        return text
    return format_html('<span class="text-nowrap">{}</span>', text)


@register.filter
def money(value: Any, sign: str = "") -> str:
    """An amount grouped with two decimals (``1,200.50``), ``sign`` in front when given."""
    return formats.money(value, sign)


@register.filter
def number(value: Any) -> str:
    """A quantity grouped by thousands with its own decimals (``30,000,000.00``, ``12``)."""
    return formats.number(value)


@register.filter
def wan(value: Any) -> str:
    """A budget or grant: ``3,000.00万元`` (English: ``¥30,000,000.00``), kept on one line."""
    return _unbroken(formats.wan(value))


@register.filter
def day(value: Any) -> str:
    """A date: ``2026年12月7日`` / ``7 Dec 2026``, kept on one line."""
    return _unbroken(formats.day(value))


@register.filter
def daytime(value: Any, precision: str = "") -> str:
    """A moment in Beijing time: ``2026年12月7日 14:05`` / ``7 Dec 2026 14:05`` (``|daytime:"seconds"``
    ``14:05:09``), kept on one line."""
    return _unbroken(formats.daytime(value, seconds=precision == "seconds"))
