"""The clock of financing (``core.clocks``): a drawdown's due day passes with money still owed. Nothing
changes status (the debt stays what it is); the fact is recorded once in the audit log and the
borrower's representatives and the secretariat are told. Settled by ``selectors.lines_of`` before it reads."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.financing.models import Drawdown
from itisa.financing.selectors import OVERDUE_CLOCK
from itisa.financing.services import drawdown_overdue_tell
from itisa.financing.services.lines import overdue_drawdowns


def drawdowns_past_due(now: dt.datetime) -> QuerySet[Drawdown]:
    """Drawdowns due before ``now``'s day in Beijing, still owed, not yet noticed."""
    return overdue_drawdowns(timezone.localdate(now))


def _fire(drawdown: Drawdown, now: dt.datetime) -> bool:
    return drawdown_overdue_tell(drawdown=drawdown, now=now)


def register_clocks() -> None:
    clocks.register(
        OVERDUE_CLOCK,
        label=_("A drawdown not repaid by its due day is noticed as overdue"),
        reference="国科发政〔2008〕770号 第十条; the credit line's contract: drawdowns and their due days",
        due=drawdowns_past_due,
        fire=_fire,
    )
