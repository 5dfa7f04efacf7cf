"""How money and dates are shown to people, written once for pages, PDFs, (as number formats) Excel and the
texts composed in Python (notices, e-mails, error messages: they follow the active language).

- **Money** (``money``): grouped by thousands with exactly two decimals in every language
  (``183,280.00``; both Chinese and English group by thousands with commas, so the grouping does not
  follow Django's zh-Hans locale, which groups nothing below 10,000); an optional sign in front
  (``¥183,280.00``) and the minus before it (``-¥1,200.00``). Computed on ``Decimal`` (rounded half up to
  the fen), never through ``float``. Ledger amounts, invoices, dues, receipts, fees and prices are shown
  so.
- **Quantities** (``number``): grouped by thousands, with the decimals the value has (indicators).
- **Budgets and grants** (``wan``): in Chinese in 万元 with two decimals (``3,000.00万元``), as people
  read project budgets, funding sources, financing needs and government grants; in English in yuan
  (``¥30,000,000.00``): English has no unit of ten thousand, and "million" would round small budgets
  away (docs/decisions/0011-money-and-date-formats.md).
- **Dates** (``day``, ``daytime``): ``2026年12月7日`` and ``2026年12月7日 14:05`` in Chinese,
  ``7 Dec 2026`` and ``7 Dec 2026 14:05`` in English; a moment is shown in Beijing time (the
  ``TIME_ZONE`` setting, ``timezone.localtime``).
- **Nothing** (``None``, ``""``) is shown as ``—`` (``BLANK``).
- **Excel** keeps numbers as numbers and dates as dates; ``MONEY_FORMAT``, ``DATE_FORMAT`` and
  ``DATETIME_FORMAT`` are the number formats ``core.exports`` gives their cells.

The template filters of the same names are in ``itisa.ui.templatetags.formats`` (a built-in library:
every template may use them without ``{% load %}``).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

BLANK = "—"
FEN = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)
# Excel number formats of money, dates and moments (core.exports applies them by the cell's type)
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# English month abbreviations: the English pages are the only ones that use them
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_blank(value: Any) -> bool:
    """No value to show: ``None`` or an empty string."""
    return value is None or (isinstance(value, str) and not value.strip())


def in_chinese() -> bool:
    """Whether the active language (else the default one) is Chinese."""
    return (translation.get_language() or settings.LANGUAGE_CODE).lower().startswith("zh")


def as_decimal(value: Any) -> Decimal | None:
    """The value as a ``Decimal`` (a float through its shortest text, never its binary value), or
    ``None`` when it is no finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            return None
    return number if number.is_finite() else None


def _grouped(number: Decimal, sign: str) -> str:
    rounded = number.quantize(FEN, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    minus = "-" if rounded < 0 else ""
    return f"{minus}{sign}{abs(rounded):,.2f}"


def money(value: Any, sign: str = "") -> str:
    """``183,280.00``; with ``sign="¥"`` ``¥183,280.00`` and ``-¥1,200.00``; ``—`` for nothing; a value
    that is no number as it is."""
    if is_blank(value):
        return BLANK
    number = as_decimal(value)
    if number is None:
        return str(value)
    return _grouped(number, sign)


def number(value: Any) -> str:
    """A quantity (an indicator's value) grouped by thousands with the decimals it has
    (``30,000,000.00``, ``12``, ``-3.5``); ``—`` for nothing; a value that is no number as it is."""
    if is_blank(value):
        return BLANK
    n = as_decimal(value)
    if n is None:
        return str(value)
    return f"{n:,f}" if n != 0 else f"{abs(n):,f}"


def wan(value: Any) -> str:
    """A budget or grant: ``3,000.00万元`` in Chinese, ``¥30,000,000.00`` in English; ``—`` for nothing."""
    if is_blank(value):
        return BLANK
    number = as_decimal(value)
    if number is None:
        return str(value)
    if in_chinese():
        return _grouped(number / TEN_THOUSAND, "") + "万元"
    return _grouped(number, "¥")


def _as_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _day_text(d: dt.date) -> str:
    if in_chinese():
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def day(value: Any) -> str:
    """``2026年12月7日`` / ``7 Dec 2026`` (a moment: its day in Beijing); ``—`` for nothing; a value that
    is no date as it is."""
    if is_blank(value):
        return BLANK
    d = _as_day(value)
    return str(value) if d is None else _day_text(d)


def daytime(value: Any, seconds: bool = False) -> str:
    """``2026年12月7日 14:05`` / ``7 Dec 2026 14:05`` in Beijing time (``14:05:09`` with ``seconds``); a
    date alone as ``day``; ``—`` for nothing."""
    if is_blank(value):
        return BLANK
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    if not isinstance(value, dt.datetime):
        return day(value)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return (
        f"{_day_text(moment.date())} {moment:%H:%M:%S}"
        if seconds
        else f"{_day_text(moment.date())} {moment:%H:%M}"
    )
