"""Reads of the formal evaluation, scoped to the viewer, in a fixed number of queries; and the two reads the
dashboards use (``grade_distribution``, ``pilots_awaiting_evaluation``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.evaluation.choices import CampaignStatus, EvaluationStatus, Grade
from itisa.evaluation.models import (
    Campaign,
    DepartmentComment,
    Evaluation,
    EvaluationStatusChange,
    PanelAssignment,
    Rectification,
)
from itisa.evaluation.permissions import can_view_evaluation, can_view_published
from itisa.pilots.models import Application, Expert
from itisa.pilots.selectors import Candidate, alliance_ties, conflicts_with
from itisa.pilots.services.periods import pilots_past_period

OVERDUE_CLOCK = "evaluation.rectification.overdue"


def _scope_q(user: Any) -> Q:
    """Evaluations the viewer sees: its alliances', those in its province or industry, its panels'."""
    s = role_summary(user)
    q = Q(alliance_id__in=s.alliances_with(Role.SECRETARIAT))
    if s.provinces:
        q |= Q(alliance__province__in=s.provinces) | Q(alliance__host_unit__province__in=s.provinces)
    if s.industries:
        q |= Q(alliance__industry__in=s.industries)
    if s.authenticated:
        q |= Q(Exists(PanelAssignment.objects.filter(evaluation=OuterRef("pk"), expert__user_id=user.pk)))
    return q


def _visible(user: Any) -> QuerySet[Evaluation]:
    """The evaluations the viewer sees, unannotated (for subqueries)."""
    s = role_summary(user)
    if not s.authenticated:
        return Evaluation.objects.none()
    return Evaluation.objects.all() if s.national else Evaluation.objects.filter(_scope_q(user))


def evaluations_visible_to(
    user: Any, *, campaign: Campaign | None = None, status: str = "", q: str = ""
) -> QuerySet[Evaluation]:
    qs = _visible(user)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(alliance__code__icontains=q)
            | Q(alliance__name_zh__icontains=q)
            | Q(alliance__name_en__icontains=q)
        )
    return (
        qs.select_related("campaign", "alliance", "alliance__host_unit", "application")
        .annotate(n_assignments=Count("assignments", distinct=True),
                  n_reviews=Count("assignments__review", distinct=True),
                  n_comments=Count("comments", distinct=True))
        .order_by("alliance__code", "pk")
    )  # fmt: skip


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Every campaign to the office; to others those with an evaluation they see, and published ones."""
    qs = Campaign.objects.annotate(n_evaluations=Count("evaluations")).order_by("-year", "-pk")
    if role_summary(user).national:
        return qs
    seen = _visible(user).values("campaign_id")
    return qs.filter(Q(pk__in=seen) | Q(status=CampaignStatus.PUBLISHED))


def access_campaign(user: Any, pk: int) -> Campaign:
    """Find and check: campaign ``pk`` if the viewer may see it; NotFound whether missing or hidden."""
    found = campaigns_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such evaluation campaign."))
    return found


def access_published(pk: int) -> Campaign:
    """A campaign whose grades are published (public); NotFound before."""
    found = Campaign.objects.filter(pk=pk).first()
    if found is None or not can_view_published(found):
        raise NotFound(_("No such published evaluation."))
    return found


def access_evaluation(user: Any, pk: int) -> Evaluation:
    """Find and check: evaluation ``pk`` with its records, if the viewer may see it; NotFound otherwise."""
    found = (
        evaluations_visible_to(user).filter(pk=pk)
        .prefetch_related(
            Prefetch("assignments", PanelAssignment.objects.select_related("expert", "expert__organisation", "review")),
            Prefetch("comments", DepartmentComment.objects.select_related("by")),
            "self_evaluations", Prefetch("status_changes", EvaluationStatusChange.objects.select_related("by")),
        ).first()
    )  # fmt: skip
    if found is None or not can_view_evaluation(user, found):
        raise NotFound(_("No such evaluation."))
    return found


def latest_self_evaluation(evaluation: Evaluation) -> Any:
    rows = list(evaluation.self_evaluations.all())
    return rows[-1] if rows else None


def panel_candidates(evaluation: Evaluation) -> list[Candidate]:
    """Every active expert of the pool with the conflicts of interest that bar them (the pilot program's
    ``Candidate``), in four queries."""
    ties = alliance_ties(evaluation.alliance)
    assigned = set(PanelAssignment.objects.filter(evaluation=evaluation).values_list("expert_id", flat=True))
    return [
        Candidate(e, conflicts_with(e, ties), e.pk in assigned)
        for e in Expert.objects.filter(active=True).select_related("organisation").order_by("name", "pk")
    ]


def my_panel_assignments(user: Any) -> QuerySet[PanelAssignment]:
    if not getattr(user, "is_authenticated", False):
        return PanelAssignment.objects.none()
    return (
        PanelAssignment.objects.filter(expert__user=user)
        .select_related("evaluation__alliance", "evaluation__campaign", "expert", "review")
        .order_by("-assigned_at", "-pk")
    )


def access_assignment(user: Any, pk: int) -> PanelAssignment:
    found = my_panel_assignments(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such assignment."))
    return found


def candidate_pilots(campaign: Campaign) -> QuerySet[Application]:
    """Published pilots whose period ends by the campaign's end and that no campaign evaluates yet."""
    return (
        Application.objects.filter(pilots_past_period(campaign.ends_on + dt.timedelta(days=1)))
        .filter(evaluation__isnull=True)
        .select_related("alliance", "call")
        .order_by("pilot_until", "alliance__code")
    )


def published_grades(campaign: Campaign) -> QuerySet[Evaluation]:
    """The published list: every evaluation of the campaign with its grade (public once published)."""
    return (
        Evaluation.objects.filter(campaign=campaign, status=EvaluationStatus.PUBLISHED)
        .select_related("alliance", "application")
        .order_by("grade", "alliance__code")
    )


def settle_rectifications(**lookups: Any) -> None:
    clocks.settle(OVERDUE_CLOCK, **lookups)


def rectifications_visible_to(user: Any) -> QuerySet[Rectification]:
    """Rectifications the viewer follows (the office: all; the others: their evaluations'), deadlines first;
    overdue ones settled by the clock before they are read."""
    settle_rectifications()
    qs = Rectification.objects.select_related("alliance", "evaluation__campaign").order_by("deadline", "pk")
    if role_summary(user).national:
        return qs
    return qs.filter(evaluation__in=_visible(user).values("pk"))


def access_rectification(user: Any, pk: int) -> Rectification:
    found = rectifications_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such rectification."))
    return found


# --- for the dashboards ------------------------------------------------------------------------------


def grade_distribution(year_or_campaign: int | Campaign, alliances_qs: QuerySet[Any]) -> dict[str, int]:
    """Published grades ``{"A": n, "B": n, "C": n}`` of a campaign, or of every campaign of a year, among
    ``alliances_qs`` (kept as a subquery). One query."""
    qs = Evaluation.objects.filter(status=EvaluationStatus.PUBLISHED, alliance__in=alliances_qs.values("pk"))
    if isinstance(year_or_campaign, Campaign):
        qs = qs.filter(campaign=year_or_campaign)
    else:
        qs = qs.filter(campaign__year=year_or_campaign)
    found = dict(qs.order_by().values_list("grade").annotate(n=Count("pk")))
    return {g.value: found.get(g.value, 0) for g in Grade}


def pilots_awaiting_evaluation(today: dt.date, alliances_qs: QuerySet[Any]) -> QuerySet[Application]:
    """Published pilots among ``alliances_qs`` whose period ended before ``today`` and that no campaign
    evaluates yet (one query when listed)."""
    return (
        Application.objects.filter(pilots_past_period(today), evaluation__isnull=True,
                                   alliance__in=alliances_qs.values("pk"))
        .select_related("alliance", "call")
        .order_by("pilot_until", "alliance__code")
    )  # fmt: skip
