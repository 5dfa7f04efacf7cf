"""The clocks of diffusion (``core.clocks``): a publicly funded result's obligation arises once its start
is known (its project accepted or ended, or at registration without a project); an obligation passes its
deadline without a diffusion (国科发政〔2008〕770号 第八条(六)). Registered in ``DiffusionConfig.ready``;
settled by ``selectors.obligations_of`` and ``obligations_overview`` before they read."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.diffusion.choices import ObligationStatus
from itisa.diffusion.models import Obligation
from itisa.diffusion.selectors import ARISE_CLOCK, OVERDUE_CLOCK
from itisa.diffusion.services import obligation_mark_overdue, obligations_arise
from itisa.projects.choices import ENDED_STATUSES
from itisa.results.models import Result


def results_owing(now: dt.datetime) -> QuerySet[Result]:
    """Publicly funded results without obligations whose start is known: no project, or an ended one."""
    return Result.objects.filter(
        Q(project__isnull=True) | Q(project__status__in=ENDED_STATUSES), publicly_funded=True,
        obligations__isnull=True,
    )  # fmt: skip


def _arise(result: Result, now: dt.datetime) -> bool:
    return obligations_arise(result=result, now=now) > 0


def obligations_past_deadline(now: dt.datetime) -> QuerySet[Obligation]:
    """Open obligations whose deadline was before ``now``'s day in Beijing."""
    return Obligation.objects.filter(status=ObligationStatus.OPEN, deadline__lt=timezone.localdate(now))


def _overdue(obligation: Obligation, now: dt.datetime) -> bool:
    return obligation_mark_overdue(obligation=obligation, now=now)


def register_clocks() -> None:
    clocks.register(
        ARISE_CLOCK,
        label=_("A publicly funded result owes its granting department a diffusion"),
        reference="国科发政〔2008〕770号 第八条(六); agreement: diffusion.deadline_months (12 months by default)",
        due=results_owing,
        fire=_arise,
    )
    clocks.register(
        OVERDUE_CLOCK,
        label=_("A diffusion obligation not met by its deadline becomes overdue"),
        reference="国科发政〔2008〕770号 第八条(六); agreement: diffusion.deadline_months",
        due=obligations_past_deadline,
        fire=_overdue,
    )
