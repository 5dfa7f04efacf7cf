"""The clocks of projects (``core.clocks``): a milestone's due day passes without it being done; the
motion to approve a project is withdrawn (governance's ``motion_withdraw`` sends no signal, so this is
settled on read rather than received).

Registered in ``ProjectsConfig.ready``; settled by ``selectors.milestones_of`` before a project page reads
its milestones, and by ``selectors.projects_of`` and ``access_project`` before they read projects, so
pages, the API and the CLI are right without a worker.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.governance.choices import MotionStatus
from itisa.projects.choices import MilestoneStatus, ProjectStatus
from itisa.projects.models import Milestone, Project
from itisa.projects.selectors import OVERDUE_CLOCK, WITHDRAWN_CLOCK
from itisa.projects.services.milestones import REPORTABLE, milestone_mark_overdue
from itisa.projects.services.projects import project_motion_withdrawn


def milestones_past_due(now: dt.datetime) -> QuerySet[Milestone]:
    """Pending milestones of running projects (or in acceptance) whose due day was before ``now``'s day in Beijing."""
    return Milestone.objects.filter(
        status=MilestoneStatus.PENDING, due_on__lt=timezone.localdate(now), project__status__in=REPORTABLE
    ).select_related("project__alliance")


def _fire(milestone: Milestone, now: dt.datetime) -> bool:
    return milestone_mark_overdue(milestone=milestone, now=now)


def projects_on_withdrawn_motions(now: dt.datetime) -> QuerySet[Project]:
    """Projects put to the vote whose motion was withdrawn (governance sends no signal for it)."""
    return Project.objects.filter(status=ProjectStatus.VOTING, motion__status=MotionStatus.WITHDRAWN)


def _fire_withdrawn(project: Project, now: dt.datetime) -> bool:
    return project_motion_withdrawn(project=project, now=now)


def register_clocks() -> None:
    clocks.register(
        OVERDUE_CLOCK,
        label=_("A project milestone not done by its due day becomes overdue"),
        reference="国科发政〔2008〕770号 第五条、第八条(二); the project's plan: milestones and due dates",
        due=milestones_past_due,
        fire=_fire,
    )
    clocks.register(
        WITHDRAWN_CLOCK,
        label=_("A project whose approval motion is withdrawn goes back to proposed"),
        reference="国科发政〔2008〕770号 第八条(三); the agreement's procedures: the deciding body approves projects",
        due=projects_on_withdrawn_motions,
        fire=_fire_withdrawn,
    )
