"""Rules of the formal evaluation as pure functions, each with its reference.

- 《关于开展产业技术创新战略联盟试点工作评估的通知》 国科办政〔2012〕47号: the steps (self-evaluation,
  verification, eligibility re-check, expert panel, comments of the competent departments, approval and
  publication) and the grades A (运行成效显著), B (有成效但存在不足, rectify) and C (eliminated, 淘汰);
- 《关于推动产业技术创新战略联盟构建的指导意见》 国科发政〔2008〕770号 第八条: the conditions re-checked.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from itisa.evaluation.choices import Grade

REFERENCE = "国科办政〔2012〕47号"
RECHECK_REFERENCE = "国科发政〔2008〕770号 第八条"

# What each grade brings (国科办政〔2012〕47号): nothing more for A, a rectification for B, the end of pilot
# status for C.
NONE, RECTIFY, ELIMINATE = "none", "rectify", "eliminate"
CONSEQUENCES: Mapping[str, str] = {Grade.A: NONE, Grade.B: RECTIFY, Grade.C: ELIMINATE}


def consequence(grade: str) -> str:
    """What a published grade brings: ``none`` (A), ``rectify`` (B) or ``eliminate`` (C) (国科办政〔2012〕47号)."""
    return CONSEQUENCES[grade]


def rule_set_in_force(day: dt.date, dated: Mapping[str, dt.date]) -> str:
    """The code of the newest rule set dated on or before ``day`` (``{code: date in force}``).

    The re-check applies Article 8 as it stands on the re-check date, not as it stood at selection
    (国科发政〔2008〕770号 第八条; later sets add conditions). ValueError when none is in force yet.
    """
    in_force = [(when, code) for code, when in dated.items() if when <= day]
    if not in_force:
        raise ValueError(f"no eligibility rule set is in force on {day.isoformat()}")
    return max(in_force)[1]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the last day of a shorter month when the day does not exist in it."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def rectification_deadline(published_on: dt.date, months: int) -> dt.date:
    """The last day of the rectification: ``months`` after publication (the campaign says how many; six by
    default), less a day (国科办政〔2012〕47号: a B pilot rectifies within the period the office sets)."""
    return add_months(published_on, months) - dt.timedelta(days=1)


def deadlines_in_order(
    opens_on: dt.date, ends_on: dt.date, steps: Iterable[tuple[str, dt.date]]
) -> list[str]:
    """The step deadlines out of order: each within the campaign and none before the one above it."""
    wrong: list[str] = []
    previous = opens_on
    for name, day in steps:
        if day < previous or day > ends_on:
            wrong.append(name)
        else:
            previous = day
    return wrong


def panel_tally(grades: Iterable[str]) -> dict[str, int]:
    """How many experts proposed each grade, A, B and C in that order (the panel's view for the office)."""
    counts = Counter(grades)
    return {g.value: counts.get(g.value, 0) for g in Grade}


def panel_majority(grades: Iterable[str]) -> str:
    """The grade more than half of the experts proposed, or "" when there is none (the office decides)."""
    tally = panel_tally(grades)
    total = sum(tally.values())
    return next((g for g, n in tally.items() if n * 2 > total), "")


def covers(pilot_until: dt.date | None, ends_on: dt.date) -> bool:
    """Whether a campaign ending on ``ends_on`` may evaluate a pilot whose period ends on ``pilot_until``:
    the period has ended, or ends within the campaign."""
    return pilot_until is not None and pilot_until <= ends_on
