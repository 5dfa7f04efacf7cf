"""The clock of the formal evaluation (``core.clocks``): a rectification whose deadline passed without a plan
becomes overdue (国科办政〔2012〕47号: 限期整改). Registered in ``EvaluationConfig.ready``; settled by
``selectors.rectifications_visible_to`` and the to-do list before they read."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.evaluation.choices import RectificationStatus
from itisa.evaluation.models import Rectification
from itisa.evaluation.selectors import OVERDUE_CLOCK
from itisa.evaluation.services import rectification_mark_overdue


def rectifications_past_deadline(now: dt.datetime) -> QuerySet[Rectification]:
    """Rectifications still waiting for their plan after the deadline's day in Beijing."""
    return Rectification.objects.filter(status=RectificationStatus.OPEN, deadline__lt=timezone.localdate(now))


def _overdue(rectification: Rectification, now: dt.datetime) -> bool:
    return rectification_mark_overdue(rectification=rectification, now=now)


def register_clocks() -> None:
    clocks.register(
        OVERDUE_CLOCK,
        label=_("A rectification plan not submitted by its deadline becomes overdue"),
        reference="国科办政〔2012〕47号 (B: 限期整改); campaign: rectification months",
        due=rectifications_past_deadline,
        fire=_overdue,
    )
