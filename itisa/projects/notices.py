"""Who is told what about projects, in each reader's language (``notifications.notify``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.models import User
from itisa.core.formats import day
from itisa.notifications.services import link, notify

if TYPE_CHECKING:
    from itisa.projects.models import Milestone, Project, ReviewAssignment


def keepers_and_lead(project: Project) -> list[Any]:
    """The alliance's secretariat and the lead member's contacts and legal representatives (one query)."""
    return list(
        User.objects.filter(roles__alliance=project.alliance_id, roles__role=Role.SECRETARIAT)
        .union(
            User.objects.filter(
                roles__alliance=project.alliance_id,
                roles__organisation=project.lead_id,
                roles__role__in=list(ORGANISATION_ROLES),
            )
        )
        .order_by("pk")
    )


def project_decided(project: Project, *, passed: bool, by: Any) -> None:
    code = f"{project.alliance.code} {project.code}"
    notify(
        recipients=keepers_and_lead(project),
        kind="projects.project.decided",
        subject=(lambda: _("The project %(code)s is approved") % {"code": code})
        if passed
        else (lambda: _("The project %(code)s was not approved") % {"code": code}),
        body=lambda: project.title_zh,
        url=link("projects:detail", project.pk),
        alliance=project.alliance,
        by=by,
    )


def milestone_overdue(milestone: Milestone) -> None:
    project = milestone.project
    notify(
        recipients=keepers_and_lead(project),
        kind="projects.milestone.overdue",
        subject=lambda: (
            _("Milestone overdue: %(title)s (%(code)s)")
            % {"title": milestone.title_zh, "code": f"{project.alliance.code} {project.code}"}
        ),
        body=lambda: _("It was due on %(day)s.") % {"day": day(milestone.due_on)},
        url=link("projects:detail", project.pk),
        alliance=project.alliance,
        by=None,
    )


def expert_assigned(assignment: ReviewAssignment, *, by: Any) -> None:
    project = assignment.round.project
    notify(
        recipients=[assignment.expert.user],
        kind="projects.review.assigned",
        subject=lambda: (
            _("Please review the project %(code)s") % {"code": f"{project.alliance.code} {project.code}"}
        ),
        body=lambda: project.title_zh,
        url=link("projects:opinion", assignment.pk),
        by=by,
    )
