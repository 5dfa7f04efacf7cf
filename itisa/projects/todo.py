"""Project duties in the to-do list (待办): the secretariat and the lead member's contacts report each
milestone of a running project by its due day, from 30 days before it (``selectors.DUE_SOON``; overdue
after it, 逾期); an assigned expert gives an opinion. Three queries at most, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.roles import role_summary
from itisa.notifications.todo import Todo, todo_kind
from itisa.projects.selectors import my_review_assignments, open_milestones_for
from itisa.ui.labels import as_name, local_text, names_joined

REPORT = todo_kind("projects.milestone.report", _("Report the milestone"), _("Project milestones to report"))
REVIEW = todo_kind("projects.review.opinion", _("Review the project"), _("Projects to review"))


def _milestones(user: Any, now: dt.datetime) -> Iterator[Todo]:
    s = role_summary(user)
    alliances = s.alliances_with(Role.SECRETARIAT)
    leads = {o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES)}
    for m in open_milestones_for(alliances, leads, today=timezone.localdate(now)):
        project = m.project
        yield Todo(
            kind=REPORT,
            ref=f"milestone:{m.pk}",
            subject=names_joined([project.code, m.title_zh], " "),
            detail=as_name(local_text(project, "title")),
            url=reverse("projects:detail", args=[project.pk]),
            alliance=project.alliance.code,
            due=m.due_on,
        )


def _reviews(user: Any) -> Iterator[Todo]:
    for a in my_review_assignments(user).filter(opinion__isnull=True):
        project = a.round.project
        yield Todo(
            kind=REVIEW,
            ref=f"project-review:{a.pk}",
            subject=f"{project.alliance.code} {project.code}",
            detail=str(a.round.get_kind_display()),
            url=reverse("projects:opinion", args=[a.pk]),
            alliance=project.alliance.code,
        )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    return [*_milestones(user, now), *_reviews(user)]
