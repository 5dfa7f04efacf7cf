"""Pure rules of the books: an entry balances; how an amount is written in capital numerals (大写金额).

An entry's debits equal its credits to the fen (借贷必相等, the double-entry method the 2004 NPO
accounting system, 财会〔2004〕7号, keeps books by); a refusal names both totals and the difference,
which is what an accountant looks for.

Reference: 《会计基础工作规范》(财会字〔1996〕19号), Art. 52: capital
numerals 零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分; an amount to the yuan or the jiao ends in 整, one with
fen does not; a zero (or a run of zeros) inside the digits is written as one 零; when the yuan digit is
zero and the jiao is not, one 零 may be written or left out (here it is written, as in the article's
first example: ¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分). The currency (人民币) is the printer's to add
(Art. 52(4)). No ORM, no request.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from itisa.core.formats import money

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
REFERENCE = "《会计基础工作规范》（财会字〔1996〕19号）第五十二条"


def unbalanced_message(amounts: list[Decimal]) -> str:
    """Why signed amounts (debits > 0, credits < 0) do not make an entry: both totals and the difference."""
    debit = sum((a for a in amounts if a > 0), Decimal(0))
    credit = -sum((a for a in amounts if a < 0), Decimal(0))
    return _(
        "Debits and credits do not balance: debits %(debit)s, credits %(credit)s, difference %(difference)s."
    ) % {"debit": money(debit), "credit": money(credit), "difference": money(debit - credit)}


def _group(value: int) -> str:
    """A group of four digits (1–9999): 壹仟零伍 for 1005; leading zeros are the caller's."""
    out, zero = "", False
    for place, unit in PLACES:
        digit = value // place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + unit
    return out


def _yuan(value: int) -> str:
    """The whole yuan in capitals (empty for zero): groups of four digits under 万 and 亿."""
    groups: list[int] = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    if len(groups) > 4:
        raise ValueError("more than 16 digits of yuan: beyond any amount the books hold")
    out, zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero = bool(out)
            continue
        if out and (zero or group < 1000):
            out += "零"
        unit = ("", "万", "亿", "万")[index]
        if index == 3 and groups[2] == 0:
            unit = "万亿"  # 壹万亿; with hundreds of millions it reads 壹万零壹亿
        out += _group(group) + unit
        zero = False
    return out


def amount_in_capitals(amount: Decimal) -> str:
    """``amount`` (CNY, rounded to the fen) in capital numerals: 1200.50 → 壹仟贰佰元伍角整; negative
    amounts start with 负."""
    fen_total = int((abs(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    out = _yuan(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        out = (out or "零元") + "整"
    else:
        if yuan and (yuan % 10 == 0 or jiao == 0):
            out += "零"
        if jiao:
            out += DIGITS[jiao] + "角"
        out += DIGITS[fen] + "分" if fen else "整"
    return ("负" if amount < 0 and fen_total else "") + out
