"""Rules of the annual report as pure functions (no ORM), with where they come from.

- Who owes a report: an alliance that is established or a pilot when the round opens (not one still
  forming, suspended or dissolved) — 国科发政〔2008〕770号 Art. 9, 11: the alliances the office follows
  report their yearly work; the pilot program's yearly summary (DOMAIN.md, 年度报告).
- The deadline: two months after the end of the reporting year (the office's template: 28 February),
  configurable per round.
- Reminders 30 and 7 days before the deadline; overdue the day after it (Beijing time).
- What is signed: the canonical JSON (RFC 8785, as the agreements are) of the four parts and the
  indicator table; its SHA-256 digest is stored with the submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from itisa.registry.choices import AllianceStatus

FORMAT = "itisa-annual-report/1"
# the four parts of the work summary, in the order of the template
PARTS = ("main_work", "achievements", "problems", "plan")
# the alliances that owe a report at the round's opening
OWING_STATUSES = (AllianceStatus.ESTABLISHED, AllianceStatus.PILOT)
# days before the deadline on which the secretariat is reminded
REMINDER_DAYS = (30, 7)


def default_deadline(year: int) -> dt.date:
    """Two months after the reporting year's end: 28 February of the next year (the office's template)."""
    return dt.date(year + 1, 2, 28)


def owes_report(alliance_status: str) -> bool:
    """Established and pilot alliances report; forming, suspended and dissolved ones do not."""
    return alliance_status in OWING_STATUSES


def round_problems(*, year: int, deadline: dt.date, today: dt.date) -> dict[str, list[str]]:
    """Field → reasons a round cannot be opened (the texts are translated by the caller's ``gettext``)."""
    from django.utils.translation import gettext as _

    problems: dict[str, list[str]] = {}
    if not 2000 <= year <= today.year:
        problems["year"] = [_("Choose a reporting year that has begun.")]
    elif deadline <= dt.date(year, 12, 31):
        problems["deadline"] = [_("The deadline must fall after the end of the reporting year.")]
    elif deadline > dt.date(year + 1, 12, 31):
        problems["deadline"] = [_("The deadline must fall within the year after the reporting year.")]
    return problems


def reminder_due(*, deadline: dt.date, today: dt.date, days: int) -> bool:
    """From ``days`` days before the deadline until the deadline itself."""
    return deadline - dt.timedelta(days=days) <= today <= deadline


def is_overdue(*, deadline: dt.date, today: dt.date) -> bool:
    """The day after the deadline (Beijing time) a report not submitted is overdue."""
    return today > deadline


@dataclass(frozen=True)
class FrozenValue:
    """An indicator value as it enters the report."""

    code: str
    value: Decimal
    source: str
    evidence: str


def canonical_document(
    *,
    alliance_code: str,
    alliance_name_zh: str,
    year: int,
    parts: Mapping[str, str],
    indicators: Iterable[FrozenValue],
) -> dict[str, Any]:
    """The document whose canonical JSON is signed: the four parts (Chinese and English) and the indicator
    table (values as fixed-point strings: no floats), sorted by code."""
    return {
        "format": FORMAT,
        "alliance": {"code": alliance_code, "name_zh": alliance_name_zh},
        "year": year,
        "parts": {f"{p}_{lang}": parts.get(f"{p}_{lang}", "") for p in PARTS for lang in ("zh", "en")},
        "indicators": [
            {"code": v.code, "value": f"{v.value:.2f}", "source": v.source, "evidence": v.evidence}
            for v in sorted(indicators, key=lambda v: v.code)
        ],
    }
