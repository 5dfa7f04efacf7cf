"""The clock of projects (``core.clocks``): a milestone's due day passes without it being done.

Registered in ``ProjectsConfig.ready``; settled by ``selectors.milestones_of`` before a project page reads
its milestones, so pages, the API and the CLI show it overdue without a worker.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.projects.choices import MilestoneStatus
from itisa.projects.models import Milestone
from itisa.projects.selectors import OVERDUE_CLOCK
from itisa.projects.services.milestones import REPORTABLE, milestone_mark_overdue


def milestones_past_due(now: dt.datetime) -> QuerySet[Milestone]:
    """Pending milestones of running projects (or in acceptance) whose due day was before ``now``'s day in Beijing."""
    return Milestone.objects.filter(
        status=MilestoneStatus.PENDING, due_on__lt=timezone.localdate(now), project__status__in=REPORTABLE
    ).select_related("project__alliance")


def _fire(milestone: Milestone, now: dt.datetime) -> bool:
    return milestone_mark_overdue(milestone=milestone, now=now)


def register_clocks() -> None:
    clocks.register(
        OVERDUE_CLOCK,
        label=_("A project milestone not done by its due day becomes overdue"),
        reference="国科发政〔2008〕770号 第五条、第八条(二); the project's plan: milestones and due dates",
        due=milestones_past_due,
        fire=_fire,
    )
