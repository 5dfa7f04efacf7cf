"""The breach procedure's rules as pure functions (国科发政〔2008〕770号 第八条(五): breach liability is
agreed and enforced; agreement: ``procedures.breach_cure_days`` and the breach clause ``breach``).

Dates are counted as the Civil Code counts periods (Art. 201–202): the day of service is not counted,
so a 30-day cure period served on 1 March ends on 31 March, and the notice lapses on 1 April.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from itisa.membership.choices import Remedy

REFERENCE = "国科发政〔2008〕770号 第八条(五)"
DEFAULT_CURE_DAYS = 30  # agreements.content.Procedures.breach_cure_days (DESCA: 30 days)

# the flag of the breach clause that allows each remedy (agreements.content.BreachLiability)
CLAUSE_FLAG = {
    Remedy.SUSPENSION: "breach.suspension",
    Remedy.EXPULSION: "breach.expulsion",
    Remedy.GRANT_RECOVERY: "breach.grant_recovery",
}


def cure_days(content: Mapping[str, Any]) -> int:
    """The cure period of an agreement's content: ``procedures.breach_cure_days``, 30 when it states none."""
    procedures = content.get("procedures") or {}
    value = procedures.get("breach_cure_days")
    return DEFAULT_CURE_DAYS if value is None else int(value)


def cure_by(served_on: dt.date, days: int) -> dt.date:
    """The last day of the cure period (the day of service not counted)."""
    return served_on + dt.timedelta(days=days)


def has_lapsed(cure_by_day: dt.date, today: dt.date) -> bool:
    """Whether the cure period has run: from the day after its last day."""
    return today > cure_by_day


def listed_breaches(content: Mapping[str, Any]) -> list[str]:
    """The breaches the agreement lists (``breach.breaches``), offered when a notice is served."""
    return [str(b) for b in (content.get("breach") or {}).get("breaches") or []]


def allowed_remedies(agreement: Mapping[str, Any] | None) -> list[Remedy]:
    """The remedies the breach clause of an agreement's content allows (``breach.suspension``,
    ``breach.expulsion``, ``breach.grant_recovery`` set to true), in clause order; none without an
    agreement or a breach clause. The one rule the service, the pages and the API apply."""
    clause = (agreement or {}).get("breach") or {}
    return [r for r in CLAUSE_FLAG if clause.get(CLAUSE_FLAG[r].split(".")[1]) is True]


def refused_remedies(agreement: Mapping[str, Any] | None, remedies: Iterable[str]) -> list[str]:
    """The remedies among ``remedies`` that the agreement's breach clause does not allow, in clause order."""
    allowed = allowed_remedies(agreement)
    wanted = set(remedies)
    return [r for r in CLAUSE_FLAG if r in wanted and r not in allowed]
