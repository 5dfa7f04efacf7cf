"""The rules every value from outside obeys, written once: amounts of money, text and dates.

The API (its JSON parser and a check of every parsed argument), the web forms (``ui.forms``), the
services' typed inputs (``core.inputs.ServiceInput``), the services themselves and the dossier loader
call these functions, so that a value is refused the same way and with the same message wherever it
comes in. A refusal is a ``ValueRefused`` carrying a translated message; the caller puts it under the
field it came from.

- **Money** (``parse_amount``): ASCII digits with an optional sign and decimal point, bounded by the
  database column it goes into (``max_digits``, ``decimal_places``) and by 15 significant digits in all:
  SQLite keeps a decimal as a 64-bit float, which holds 15 digits exactly, and Django reads it back
  with a precision of 15, so ``99999999999999.99`` (16 digits, within a 16-digit column) would come
  back as ``100000000000000.00`` and no longer fit (a 500 on every read). 15 digits are ten trillion
  yuan, and the same bound on both databases keeps a dossier portable. Full-width digits (``１００``),
  exponents (``1.5e2``), spaces (`` 10 ``), thousands separators, NaN and Infinity are refused, not
  guessed at: ``Decimal()`` itself accepts all of them, and a value with more digits than the column
  is stored by SQLite as a float that no longer reads back.
- **Money as people type it** (``parse_typed_amount``): the entry forms people fill in by hand
  (an accountant's journal entry) also take what a keyboard or a spreadsheet gives them — thousands
  separators in their places (``1,200.50``), full-width digits and punctuation (``１，２００``), a
  leading ``¥``/``￥`` and spaces — and then obey ``parse_amount``. Machines (the API, dossiers) keep
  the strict format: a program can send ``1200.50``, and a guess at what it meant is not made.
- **Text** (``text_problem``, ``strip_text``, ``is_blank``): NUL (PostgreSQL cannot store it) and lone
  surrogates (not Unicode: they cannot be encoded to UTF-8) are refused everywhere; a required text is
  blank when nothing is left after stripping whitespace *and* invisible format characters (zero-width
  space U+200B, joiners U+200C/D, word joiner U+2060, BOM U+FEFF: Unicode category Cf).
- **Dates** (``date_problem``): between 1900-01-01 and 2100-12-31. Fixed bounds rather than "N years
  around today" so that a value valid once stays valid (dossiers carry old records, tests move the
  clock); 1900 is before any organisation or alliance the platform records, 2100 after any term,
  deadline or budget year (``ledger.budget_set`` already stopped at 2100), and both are far from the
  year 9999 where date arithmetic (a day later, a year's term) overflows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.utils.translation import gettext as _

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)
# the widest integer column (BigIntegerField, a primary key): an integer beyond it cannot name a row and
# cannot be stored; SQLite refuses it with OverflowError, PostgreSQL with "out of range" (a 500 either way)
BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1
# IntegerField and PositiveIntegerField hold 32 bits on PostgreSQL
INT_MAX = 2**31 - 1

# an amount as people and programs write it: no exponent, no spaces, only the ASCII digits
_AMOUNT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)
# far longer than any column's digits; refused before Decimal() reads it
_AMOUNT_MAX_CHARS = 64
# the significant digits a 64-bit float (SQLite's storage of a decimal) holds exactly
EXACT_DIGITS = 15


class ValueRefused(ValueError):
    """A value from outside that breaks one of the rules above; ``message`` says which, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Column(Protocol):
    """A Django model or form ``DecimalField``: the bounds an amount must fit."""

    @property
    def max_digits(self) -> int | None: ...

    @property
    def decimal_places(self) -> int | None: ...


def amount_format_message() -> str:
    return _(
        "Not an amount: write the digits 0-9 with an optional minus sign and decimal point, "
        "e.g. -1200.50 (no spaces, exponents or full-width digits)."
    )


def parse_amount(value: object, *, column: Column) -> Decimal:
    """An exact ``Decimal`` that fits ``column`` and 15 significant digits (quantized to the column's
    decimal places), or ``ValueRefused``.

    Accepts a string in the strict format above, an ``int`` or a finite ``Decimal``; refuses floats
    (inexact) and booleans. The sign is the caller's to check (a credit is negative, dues are not).
    """
    places = column.decimal_places or 0
    digits = min(column.max_digits or EXACT_DIGITS, EXACT_DIGITS)
    if isinstance(value, bool | float):
        raise ValueRefused(_("Give amounts as exact decimals (strings), never floating point."))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueRefused(_("Not an amount."))
        amount = value
    elif isinstance(value, str):
        if len(value) > _AMOUNT_MAX_CHARS or not _AMOUNT.fullmatch(value):
            raise ValueRefused(amount_format_message())
        try:
            amount = Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid decimals
            raise ValueRefused(amount_format_message()) from exc
    else:
        raise ValueRefused(_("Not an amount."))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise ValueRefused(
            _("An amount has at most %(places)d decimal places (CNY to the fen).") % {"places": places}
        )
    if abs(amount) >= Decimal(10) ** (digits - places):
        raise ValueRefused(
            _("The amount is too large: at most %(digits)d digits before the decimal point.")
            % {"digits": digits - places}
        )
    return amount.quantize(Decimal(1).scaleb(-places))


# what is left of a typed amount once it is normalised: an optional sign, digits with thousands
# separators in their places (or none), and at most one decimal point
_TYPED = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?", re.ASCII)
_CURRENCY_SIGNS = "¥"  # NFKC turns the full-width ￥ into ¥


def typed_amount_format_message() -> str:
    return _(
        "Not an amount: write digits with an optional decimal point and thousands separators, "
        "e.g. 1,200.50 or ¥1200."
    )


def parse_typed_amount(value: str, *, column: Column, negative: bool = True) -> Decimal:
    """An amount as a person types it into a form, as an exact ``Decimal`` (``parse_amount``'s bounds),
    or ``ValueRefused``.

    Full-width characters are read as their ASCII forms (NFKC: ``１２００`` is ``1200``), spaces
    anywhere and one leading ``¥`` (before or after the sign) are dropped, and thousands separators
    are accepted only in their places (``1,200,000``; ``12,00`` is refused rather than guessed at).
    ``negative=False`` refuses a minus sign (a debit or credit column, where the side says the sign).
    """
    if not isinstance(value, str) or len(value) > _AMOUNT_MAX_CHARS:
        raise ValueRefused(typed_amount_format_message())
    text = "".join(ch for ch in unicodedata.normalize("NFKC", value) if not ch.isspace())
    sign = text[:1] if text[:1] in "+-" else ""
    rest = text[len(sign) :]
    if rest[:1] in _CURRENCY_SIGNS:
        rest = rest[1:]
    if not sign and rest[:1] in "+-":
        sign, rest = rest[:1], rest[1:]
    match = _TYPED.fullmatch(sign + rest) if rest else None
    if match is None:
        raise ValueRefused(typed_amount_format_message())
    if match.group(1) == "-" and not negative:
        raise ValueRefused(_("Write the amount without a minus sign."))
    plain = match.group(1) + match.group(2).replace(",", "") + (match.group(3) or "")
    return parse_amount(plain, column=column)


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"


def strip_text(value: str) -> str:
    """``value`` without whitespace and invisible format characters (Cf) at either end."""
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def is_blank(value: str) -> bool:
    """Nothing but whitespace and invisible characters: a required text that was not given."""
    return not strip_text(value)


def has_lone_surrogate(value: str) -> bool:
    # a Python str holds a surrogate code point only when it came unpaired (\ud800 in JSON, or
    # bytes decoded with surrogatepass); a valid pair is already one astral character
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    if "\x00" in value:
        return _("Text cannot contain the NUL character (U+0000).")
    if has_lone_surrogate(value):
        return _("Text cannot contain a lone surrogate (U+D800 to U+DFFF): send valid Unicode.")
    return None


def date_problem(value: dt.date) -> str | None:
    """Why ``value`` (a date, or a datetime's date) is outside the bounds above, or None."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return _("Choose a date between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DAY.isoformat(),
        "latest": LATEST_DAY.isoformat(),
    }


def integer_problem(value: int) -> str | None:
    """Why an integer cannot be stored or name a row (beyond a 64-bit column), or ``None``."""
    if BIGINT_MIN <= value <= BIGINT_MAX:
        return None
    return _("The number is too large.")


def value_problems(value: object, path: str = "") -> dict[str, list[str]]:
    """The text, date and integer problems anywhere in ``value`` (lists, dicts, Pydantic models), by
    dotted path.

    Dictionary keys are text (or integers) too. ``path`` is where ``value`` sits (``""`` at the top: ``__all__``).
    """
    from pydantic import BaseModel

    found: dict[str, list[str]] = {}
    stack: list[tuple[str, object]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        problem: str | None = None
        if isinstance(item, str):
            problem = text_problem(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            problem = integer_problem(item)
        elif isinstance(item, dt.date):
            problem = date_problem(item)
        elif isinstance(item, BaseModel):
            stack.extend((_join(where, name), getattr(item, name)) for name in type(item).model_fields)
        elif isinstance(item, dict):
            for key, sub in item.items():
                key_problem = (
                    text_problem(key)
                    if isinstance(key, str)
                    else integer_problem(key)
                    if isinstance(key, int)
                    else None
                )
                if key_problem:
                    found.setdefault(where or "__all__", []).append(key_problem)
                stack.append((_join(where, printable(str(key))), sub))
        elif isinstance(item, list | tuple):
            stack.extend((_join(where, i), sub) for i, sub in enumerate(item))
        if problem:
            found.setdefault(where or "__all__", []).append(problem)
    return found


def printable(text: str) -> str:
    """``text`` safe to echo in a message or a JSON answer: a lone surrogate written as ``\\ud800``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _join(path: str, part: object) -> str:
    return f"{path}.{part}" if path else str(part)
