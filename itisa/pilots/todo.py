"""The pilot program's duties in the to-do list: the alliance's secretariat submits (or corrects and
resubmits) its application; the national office checks and decides (a provincial department, for its
province's calls); the competent officers recommend the applications in their scope; the assigned
experts review. Four queries at most, whatever the number of items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.notifications.todo import Todo, todo_kind
from itisa.pilots.choices import ApplicationStatus as A
from itisa.pilots.choices import CallScope, CallStatus
from itisa.pilots.models import Application, Assignment, Recommendation, Review
from itisa.pilots.workflows import IN_PROGRESS
from itisa.ui.labels import local_text, names_joined

SUBMIT = todo_kind("pilots.application.submit", _("Submit"), _("Pilot applications to submit"))
CHECK = todo_kind("pilots.application.check", _("Check"), _("Pilot applications to check"))
DECIDE = todo_kind("pilots.application.decide", _("Decide on"), _("Pilot applications to decide"))
RECOMMEND = todo_kind("pilots.application.recommend", _("Recommend"), _("Pilot applications to recommend"))
REVIEW = todo_kind("pilots.review.submit", _("Review"), _("Pilot applications to review"))


def _label(application: Application) -> str:
    return names_joined([application.alliance.code, local_text(application.call, "title")])


def _item(kind: Any, application: Application, **extra: Any) -> Todo:
    return Todo(
        kind=kind,
        ref=f"pilot-application:{application.pk}",
        subject=_label(application),
        url=reverse("pilots:application", args=[application.pk]),
        alliance=application.alliance.code,
        **extra,
    )


def _applying(user: Any, today: dt.date) -> Iterator[Todo]:
    alliances = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not alliances:
        return
    rows = (
        Application.objects.filter(alliance_id__in=alliances)
        .filter(
            Q(status=A.DRAFT, call__status=CallStatus.OPEN, call__closes_on__gte=today)
            | Q(status=A.RETURNED) & ~Q(call__status=CallStatus.PUBLISHED)
        )
        .select_related("alliance", "call")
        .order_by("call__closes_on", "pk")
    )
    for application in rows:
        if application.status == A.DRAFT:
            yield _item(SUBMIT, application, due=application.call.closes_on)
        else:
            yield _item(SUBMIT, application, detail=gettext("returned for correction"))


def _office(user: Any) -> Iterator[Todo]:
    """The applications to check and decide of the calls the user runs: the national office's national
    calls, a provincial department's own province's calls."""
    s = role_summary(user)
    if not (s.national or s.provinces):
        return
    runs = Q(call__scope=CallScope.PROVINCIAL, call__province__in=s.provinces)
    if s.national:
        runs |= Q(call__scope=CallScope.NATIONAL)
    rows = (
        Application.objects.filter(
            runs, status__in=[A.SUBMITTED, A.RESUBMITTED, A.FORMAL_CHECK, A.EXPERT_REVIEW]
        )
        .annotate(
            assigned=Count("assignments", distinct=True),
            reviewed=Count("assignments__review", distinct=True),
        )
        .select_related("alliance", "call")
        .order_by("submitted_at", "pk")
    )
    for application in rows:
        if application.status == A.EXPERT_REVIEW:
            detail = gettext("%(reviewed)s of %(assigned)s reviews in") % {
                "reviewed": application.reviewed,  # type: ignore[attr-defined]
                "assigned": application.assigned,  # type: ignore[attr-defined]
            }
            yield _item(DECIDE, application, detail=detail)
        else:
            yield _item(CHECK, application, detail=str(A(application.status).label))


def _recommending(user: Any) -> Iterator[Todo]:
    """Applications under consideration of alliances in the officer's scope that they have not
    recommended yet (``permissions.recommender_capacity``; the national office decides instead, as a
    provincial department does for its own calls)."""
    from itisa.pilots.selectors import recommendable_q

    s = role_summary(user)
    if s.national or not (s.provinces or s.industries):
        return
    scope = recommendable_q(user)
    mine = Recommendation.objects.filter(application=OuterRef("pk"), recommender=user)
    rows = (
        Application.objects.filter(scope, status__in=IN_PROGRESS)
        .exclude(Exists(mine))
        .select_related("alliance", "call")
        .order_by("submitted_at", "pk")
    )
    for application in rows:
        yield _item(RECOMMEND, application)


def _reviewing(user: Any) -> Iterator[Todo]:
    reviewed = Review.objects.filter(assignment=OuterRef("pk"))
    rows = (
        Assignment.objects.filter(expert__user=user, application__status=A.EXPERT_REVIEW)
        .exclude(Exists(reviewed))
        .select_related("application__alliance", "application__call")
        .order_by("assigned_at", "pk")
    )
    for assignment in rows:
        application = assignment.application
        yield Todo(
            kind=REVIEW,
            ref=f"assignment:{assignment.pk}",
            subject=_label(application),
            url=reverse("pilots:review", args=[assignment.pk]),
            alliance=application.alliance.code,
        )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The pilot-program duties of ``user`` at ``now`` (a draft is due by its call's closing day)."""
    today = timezone.localdate(now)
    return [*_applying(user, today), *_office(user), *_recommending(user), *_reviewing(user)]
