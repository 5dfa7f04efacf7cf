"""Pure rules of financing (no ORM): what is outstanding on a drawdown, what is left to draw on a line,
and whether a drawdown fits its line (国科发政〔2008〕770号 Art. 10; the credit line's contract). A line
is not revolving: a repayment does not restore what may be drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from itisa.core.formats import day, money

FEN = Decimal("0.01")


def outstanding(amount: Decimal, repayments: Iterable[Decimal]) -> Decimal:
    """What is still owed on a drawdown of ``amount`` after ``repayments`` (never below zero), to the fen."""
    return max(Decimal(0), amount - sum(repayments, Decimal(0))).quantize(FEN)


def undrawn(limit: Decimal, drawn: Iterable[Decimal]) -> Decimal:
    """What is left to draw on a line of ``limit`` after the drawdowns ``drawn``, to the fen."""
    return max(Decimal(0), limit - sum(drawn, Decimal(0))).quantize(FEN)


def drawdown_problems(
    *, amount: Decimal, drawn_on: dt.date, due_on: dt.date, limit: Decimal, drawn: Iterable[Decimal],
    starts_on: dt.date, ends_on: dt.date,
) -> dict[str, list[str]]:  # fmt: skip
    """Why a drawdown does not fit its line: beyond the undrawn limit, outside the term, due before it is drawn."""
    problems: dict[str, list[str]] = {}
    left = undrawn(limit, drawn)
    if amount > left:
        problems["amount"] = [
            _("The drawdown of %(amount)s exceeds the line's undrawn limit of %(left)s.")
            % {"amount": money(amount, "¥"), "left": money(left, "¥")}
        ]
    if not starts_on <= drawn_on <= ends_on:
        problems["drawn_on"] = [
            _("The drawdown date %(date)s is outside the line's term (%(start)s to %(end)s).")
            % {"date": day(drawn_on), "start": day(starts_on), "end": day(ends_on)}
        ]
    if due_on < drawn_on:
        problems["due_on"] = [_("A drawdown falls due on or after the day it is drawn.")]
    return problems


def repayment_state(*, due_on: dt.date, owed: Decimal, today: dt.date, warn_days: int = 30) -> str:
    """``repaid``, ``overdue`` (past the due day, still owed), ``due`` (within ``warn_days`` of it) or ``running``."""
    if owed <= 0:
        return "repaid"
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= warn_days:
        return "due"
    return "running"
