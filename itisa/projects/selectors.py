"""Reads of projects, scoped to the viewer (``permissions``: what is public, what is for insiders).

Budget against actual comes from the ledger: the posted postings carrying the project's cost object
(``ledger.selectors.cost_object_totals``), per account class and per fund, in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.ledger.choices import AccountClass
from itisa.ledger.models import Fund
from itisa.ledger.selectors import cost_object_totals
from itisa.projects.choices import PUBLIC_STATUSES, MilestoneStatus, ProjectStatus
from itisa.projects.models import (
    FundingSource,
    Milestone,
    Participant,
    Project,
    ProjectStatusChange,
    ReviewAssignment,
    ReviewRound,
)
from itisa.projects.permissions import participant_orgs, sees_all_projects
from itisa.registry.models import Alliance
from itisa.registry.selectors import alliance_get

OVERDUE_CLOCK = "projects.milestone.overdue"
WITHDRAWN_CLOCK = "projects.project.motion_withdrawn"


def public_q() -> Q:
    """The projects the deciding body approved: in an approved status, or terminated after the approval
    (its history records the move to approved), which the public sees as terminated."""
    approved = ProjectStatusChange.objects.filter(project=OuterRef("pk"), new_status=ProjectStatus.APPROVED)
    return Q(status__in=PUBLIC_STATUSES) | Q(Exists(approved), status=ProjectStatus.TERMINATED)


def _visible_q(user: Any, alliance: Alliance) -> Q | None:
    """None: every project of the alliance; otherwise the public ones and those the viewer's members take part in."""
    if sees_all_projects(user, alliance):
        return None
    q = public_q()
    orgs = participant_orgs(user, alliance)
    if orgs:
        q |= Q(participants__organisation__in=orgs)
    return q


def _visible_projects(user: Any, alliance: Alliance) -> QuerySet[Project]:
    qs = Project.objects.filter(alliance=alliance)
    visible = _visible_q(user, alliance)
    if visible is not None:
        qs = qs.filter(pk__in=Project.objects.filter(visible).values("pk"))
    return qs


def projects_of(
    user: Any,
    alliance: Alliance,
    *,
    status: str = "",
    q: str = "",
    lead: int | None = None,
    year: int | None = None,
) -> QuerySet[Project]:
    """The alliance's projects the viewer may see, with their lead member, newest code first; filtered by
    status, lead member (organisation id), a year the project's period touches, and a text in the code,
    title or lead member's name."""
    clocks.settle(WITHDRAWN_CLOCK, alliance=alliance)
    qs = _visible_projects(user, alliance)
    if status:
        qs = qs.filter(status=status)
    if lead is not None:
        qs = qs.filter(lead_id=lead)
    if year is not None:
        qs = qs.filter(starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1))
    if q.strip():
        text = q.strip()
        qs = qs.filter(
            Q(code__icontains=text) | Q(title_zh__icontains=text) | Q(title_en__icontains=text)
            | Q(lead__name_zh__icontains=text)
        )  # fmt: skip
    return qs.select_related("alliance", "lead").order_by("-code")


def project_leads(user: Any, alliance: Alliance) -> list[tuple[int, str]]:
    """The lead members of the projects the viewer may see, by name (the list's filter; one query)."""
    rows = _visible_projects(user, alliance).order_by().values_list("lead_id", "lead__name_zh").distinct()
    return sorted(set(rows), key=lambda r: (r[1], r[0]))


def access_project(user: Any, pk: int) -> Project:
    """Find and check: the project if the viewer may see it; NotFound whether missing or hidden."""
    clocks.settle(WITHDRAWN_CLOCK, pk=pk)
    project = (
        Project.objects.select_related("alliance", "lead", "agreement", "motion__body").filter(pk=pk).first()
    )
    if project is None or not project_visible(user, project):
        raise NotFound(_("No such project, or you may not see it."))
    return project


def project_visible(user: Any, project: Project) -> bool:
    """Whether ``access_project`` would show the viewer this project: pages of other apps (a result's or a
    standard's) link to it only then, so nobody follows a link to a 404."""
    if alliance_get(user, project.alliance.code) is None:
        return False
    visible = _visible_q(user, project.alliance)
    return visible is None or Project.objects.filter(visible, pk=project.pk).exists()


def participant_ids(project: Project) -> frozenset[int]:
    return frozenset(p.organisation_id for p in project_participants(project))


def reviewer_ids(project: Project) -> frozenset[int]:
    """The accounts of the experts assigned to any review of the project (one query)."""
    return frozenset(
        ReviewAssignment.objects.filter(round__project=project, expert__user__isnull=False).values_list(
            "expert__user_id", flat=True
        )
    )


def project_participants(project: Project) -> list[Participant]:
    """The participants with their organisations (cached on the project: one query per request)."""
    cached = getattr(project, "_participants", None)
    if cached is None:
        cached = list(project.participants.select_related("organisation").order_by("pk"))
        project._participants = cached  # type: ignore[attr-defined]
    return cached


def milestones_of(project: Project, *, now: dt.datetime | None = None) -> list[Milestone]:
    """The project's milestones in due order, after settling the ones whose due day has passed."""
    clocks.settle(OVERDUE_CLOCK, now=now, project=project)
    return list(project.milestones.prefetch_related("evidence").order_by("due_on", "pk"))


@dataclass(frozen=True)
class GanttRow:
    """A milestone as a bar over the project's period: offset and width in whole percent."""

    milestone: Milestone
    offset: int
    width: int


def gantt(project: Project, milestones: list[Milestone]) -> list[GanttRow]:
    """Bars of the milestones from their first to their due day over the project's period (CSS widths)."""
    span = max((project.ends_on - project.starts_on).days + 1, 1)
    rows = []
    for m in milestones:
        start = max((m.starts_on - project.starts_on).days, 0)
        length = (m.due_on - m.starts_on).days + 1
        offset = min(round(100 * start / span), 99)
        width = max(1, min(round(100 * length / span), 100 - offset))
        rows.append(GanttRow(m, offset, width))
    return rows


@dataclass
class FundRow:
    """One fund of the project: what the funding source brings and what its postings spent."""

    fund: str
    kind: str
    budget: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent


@dataclass
class BudgetReport:
    """Budget against actual for a project: budget from its funding sources, actual from the ledger."""

    rows: list[FundRow] = field(default_factory=list)
    # net (debit − credit) of the project's posted postings per account class (all five)
    by_class: dict[str, Decimal] = field(default_factory=dict)
    has_book: bool = True

    @property
    def budget(self) -> Decimal:
        return sum((r.budget for r in self.rows), Decimal(0))

    @property
    def spent(self) -> Decimal:
        return self.by_class.get(AccountClass.EXPENSE, Decimal(0))

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent


def budget_vs_actual(project: Project) -> BudgetReport:
    """The project's budget (its funding sources) against its actual expenses (posted postings carrying
    its cost object), per fund and per account class. Three queries whatever the number of postings."""
    sources = list(FundingSource.objects.filter(project=project).select_related("fund").order_by("pk"))
    if project.cost_object_id is None:
        return BudgetReport(
            rows=[FundRow(s.fund.name_zh, s.get_kind_display(), s.amount, Decimal(0)) for s in sources],
            by_class={c: Decimal(0) for c in AccountClass.values},
            has_book=False,
        )
    totals = cost_object_totals(project.cost_object)  # type: ignore[arg-type]
    by_class = {c: Decimal(0) for c in AccountClass.values}
    spent: dict[int, Decimal] = {}
    for (account_class, fund_id), amount in totals.items():
        by_class[account_class] += amount
        if account_class == AccountClass.EXPENSE:
            spent[fund_id] = spent.get(fund_id, Decimal(0)) + amount
    rows = [
        FundRow(s.fund.name_zh, s.get_kind_display(), s.amount, spent.pop(s.fund_id, Decimal(0)))
        for s in sources
    ]
    # spending on a fund that is not one of the project's sources still counts (shown without a budget)
    if spent:
        for fund in Fund.objects.filter(pk__in=spent).order_by("pk"):
            rows.append(FundRow(fund.name_zh, fund.get_kind_display(), Decimal(0), spent[fund.pk]))
    return BudgetReport(rows=rows, by_class=by_class)


def review_rounds_of(project: Project) -> list[ReviewRound]:
    """The project's reviews with their experts and opinions (two queries)."""
    return list(
        project.review_rounds.prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related("expert__organisation", "opinion").order_by(
                    "pk"
                ),
            )
        ).order_by("opened_at", "pk")
    )


def my_review_assignments(user: Any) -> QuerySet[ReviewAssignment]:
    """The expert's own project review assignments, newest first."""
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(expert__user=user)
        .select_related("round__project__alliance", "opinion", "expert")
        .order_by("-assigned_at", "-pk")
    )


def access_assignment(user: Any, pk: int) -> ReviewAssignment:
    """Find and check: the viewer's own assignment, or NotFound."""
    found = my_review_assignments(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such assignment."))
    return found


# a milestone joins the to-do list this many days before its due day
DUE_SOON = dt.timedelta(days=30)


def open_milestones_for(
    alliance_ids: set[int], lead_org_ids: set[int], *, today: dt.date
) -> QuerySet[Milestone]:
    """Milestones not yet done of the running projects of these alliances (the secretariat's), or led by
    these organisations (the lead member's contacts), due within ``DUE_SOON`` of ``today`` (Beijing) or
    already past their day: the to-do list's items."""
    if not alliance_ids and not lead_org_ids:
        return Milestone.objects.none()
    return (
        Milestone.objects.filter(
            Q(project__alliance_id__in=alliance_ids) | Q(project__lead_id__in=lead_org_ids),
            project__status__in=[ProjectStatus.RUNNING, ProjectStatus.ACCEPTANCE],
            status__in=[MilestoneStatus.PENDING, MilestoneStatus.OVERDUE],
            due_on__lte=today + DUE_SOON,
        )
        .select_related("project__alliance")
        .order_by("due_on", "pk")
    )


def budget_document(report: BudgetReport) -> dict[str, Any]:
    """Budget against actual as plain data (amounts as strings), for the API and the command line."""
    return {
        "budget": str(report.budget),
        "spent": str(report.spent),
        "remaining": str(report.remaining),
        "by_class": {k: str(v) for k, v in report.by_class.items()},
        "rows": [
            {"fund": r.fund, "kind": r.kind, "budget": str(r.budget), "spent": str(r.spent),
             "remaining": str(r.remaining)}
            for r in report.rows
        ],
    }  # fmt: skip


def project_document(user: Any, project: Project) -> dict[str, Any]:
    """The project as the viewer may see it, as plain data (the API's detail, ``itisa project show``):
    money, funding and the budget only for those ``can_view_details`` allows."""
    from itisa.projects.permissions import can_view_details

    participants = project_participants(project)
    details = bool(can_view_details(user, project, participant_ids(project)))
    return {
        "id": project.pk, "alliance": project.alliance.code, "code": project.code, "title_zh": project.title_zh,
        "title_en": project.title_en, "status": project.status, "starts_on": project.starts_on,
        "ends_on": project.ends_on, "lead": project.lead.uscc, "lead_name_zh": project.lead.name_zh,
        "summary_zh": project.summary_zh,
        "agreement": project.agreement.label if project.agreement else None,
        "motion": project.motion_id,
        "goals": [
            {"title_zh": g.title_zh, "target": g.target, "agreement_goal": g.agreement_goal}
            for g in project.goals.order_by("pk")
        ],
        "participants": [
            {"organisation": p.organisation.uscc, "name_zh": p.organisation.name_zh, "task_zh": p.task_zh,
             "money": str(p.money) if details else None,
             "people_months": str(p.people_months) if details else None}
            for p in participants
        ],
        "milestones": [
            {"id": m.pk, "kind": m.kind, "title_zh": m.title_zh, "starts_on": m.starts_on, "due_on": m.due_on,
             "status": m.status, "done_on": m.done_on, "evidence": len(m.evidence.all())}
            for m in milestones_of(project)
        ],
        "funding": [
            {"kind": f.kind, "fund": f.fund.name_zh, "amount": str(f.amount),
             "organisation": f.organisation.uscc if f.organisation else None}
            for f in project.funding.select_related("fund", "organisation").order_by("pk")
        ]
        if details
        else [],
        "budget": budget_document(budget_vs_actual(project)) if details else None,
    }  # fmt: skip
