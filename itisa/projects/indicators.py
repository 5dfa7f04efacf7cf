"""What projects count for the yearly indicators (``itisa.core.indicators``; Art. 5 of 国科发政〔2008〕770号:
joint R&D on the industry's key technologies; Art. 8(2): the division of tasks; Art. 8(4): funds).

- running in the year: a project that had started running (a move to "running") by 31 December and had
  not closed or been terminated before 1 January — acceptance is still running;
- accepted in the year: closed in the year (a project closes only once its acceptance review passed);
- money committed: the budgets (funding sources) of the approved projects whose period starts in the year;
- money spent: the expenses posted in the ledger in the year to a project's cost object — the projects'
  spending is in the ledger (``budget_vs_actual``), so this is the same sum per alliance.

The history of moves is read in Beijing time; one grouped query per indicator."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import FEN, grouped, year_window
from itisa.ledger.indicators import expense_postings
from itisa.projects.choices import ENDED_STATUSES, ProjectStatus
from itisa.projects.models import FundingSource, Project, ProjectStatusChange

REFERENCE = "国科发政〔2008〕770号 第五条、第八条(二)"


def running(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Projects running at some time in the year."""
    start, end = year_window(year)
    moves = ProjectStatusChange.objects.filter(project=OuterRef("pk"))
    started = moves.filter(new_status=ProjectStatus.RUNNING, at__lt=end)
    ended = moves.filter(new_status__in=ENDED_STATUSES, at__lt=start)
    rows = Project.objects.filter(Exists(started), ~Exists(ended), alliance_id__in=alliance_ids)
    return grouped(alliance_ids, rows, "alliance_id", Count("pk"))


def accepted(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Projects closed in the year after their acceptance review passed."""
    start, end = year_window(year)
    rows = ProjectStatusChange.objects.filter(
        project__alliance_id__in=alliance_ids, new_status=ProjectStatus.CLOSED, at__gte=start, at__lt=end
    )
    return grouped(alliance_ids, rows, "project__alliance_id", Count("project", distinct=True))


def committed(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """The funding sources of the approved projects starting in the year, in yuan."""
    approved = ProjectStatusChange.objects.filter(
        project=OuterRef("project"), new_status=ProjectStatus.APPROVED
    )
    rows = FundingSource.objects.filter(
        Exists(approved), project__alliance_id__in=alliance_ids, project__starts_on__range=year_bounds(year)
    )
    return grouped(alliance_ids, rows, "project__alliance_id", Sum("amount"), places=FEN)


def spent(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Expenses posted in the year (entry date) to the projects' cost objects: debits less credits, so a
    reversal cancels what it reverses, in yuan."""
    rows = expense_postings(alliance_ids, year).filter(cost_object__project__isnull=False)
    return grouped(alliance_ids, rows, "entry__book__alliance_id", Sum("amount"), places=FEN)


INDICATORS = (
    Indicator(
        code="projects.running", name_zh="年度在研联合研发项目数", name_en="Joint R&D projects running in the year",
        unit="count", dimension="innovation", compute=running, reference=REFERENCE, order=10,
    ),
    Indicator(
        code="projects.accepted", name_zh="年度通过验收项目数", name_en="Projects accepted in the year",
        unit="count", dimension="innovation", compute=accepted, reference=REFERENCE, order=11,
    ),
    Indicator(
        code="projects.committed", name_zh="年度新立项项目经费", name_en="Budgets of projects starting in the year",
        unit="yuan", dimension="funds", compute=committed,
        reference="国科发政〔2008〕770号 第八条(二)、(四)", order=20,
    ),
    Indicator(
        code="projects.spent", name_zh="年度项目经费支出", name_en="Project spending in the year",
        unit="yuan", dimension="funds", compute=spent, reference="国科发政〔2008〕770号 第八条(四)", order=21,
    ),
)  # fmt: skip
