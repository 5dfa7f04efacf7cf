"""Reads of the annual reports, scoped to the viewer, and the counts other apps (dashboards) read.

A page's query count does not grow with the reports it shows: lists are one query (with the alliance
joined), a compilation three (reports, their last submissions, the frozen values)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.core.errors import NotFound, PermissionDenied
from itisa.core.indicators import Indicator, indicator, indicators
from itisa.registry.choices import AllianceScope
from itisa.reports.choices import COMPILED, ReportStatus
from itisa.reports.models import (
    AnnualReport,
    ReportIndicator,
    ReportRound,
    ReportStatusChange,
    ReportSubmission,
)

OVERDUE_CLOCK = "reports.report.overdue"
REMIND_CLOCKS = {30: "reports.report.remind30", 7: "reports.report.remind7"}
# columns of the compilations' overview: the first indicators of the registry, in table order
KEY_INDICATORS = 8


def _scope(user: Any) -> Q | None:
    """None: every report (the national office); else the alliances the viewer is one of the people of or
    follows (``indicators.permissions.supervises``, spelt as a query)."""
    s = role_summary(user)
    if s.national:
        return None
    q = Q(alliance_id__in=list(s.alliance_roles)) | Q(alliance__industry__in=list(s.industries))
    if s.provinces:
        q |= Q(alliance__scope=AllianceScope.REGIONAL, alliance__province__in=list(s.provinces))
    return q


def reports_visible(user: Any) -> QuerySet[AnnualReport]:
    """The reports ``user`` may read, with their alliance and round."""
    qs = AnnualReport.objects.select_related("alliance", "round")
    if not role_summary(user).authenticated:
        return qs.none()
    scope = _scope(user)
    return qs if scope is None else qs.filter(scope)


def report_list(
    user: Any,
    *,
    year: int | None = None,
    status: str = "",
    province: str = "",
    industry: str = "",
    q: str = "",
    overdue: bool = False,
) -> QuerySet[AnnualReport]:
    """The received reports the viewer follows, filtered (the office's list)."""
    qs = reports_visible(user)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if province:
        qs = qs.filter(alliance__province=province)
    if industry:
        qs = qs.filter(alliance__industry=industry)
    if q:
        qs = qs.filter(Q(alliance__code__icontains=q) | Q(alliance__name_zh__icontains=q))
    if overdue:
        qs = qs.filter(overdue_at__isnull=False, status=ReportStatus.DRAFT)
    return qs.order_by("-year", "alliance__code")


def access_report(user: Any, code: str, year: int, *, need: Any = None) -> AnnualReport:
    """Find and check in one call: the report of alliance ``code`` for ``year`` that the viewer may read
    (the overdue clock settled first), or NotFound; a refused ``need(user, alliance)`` is PermissionDenied."""
    if not role_summary(user).authenticated:
        raise PermissionDenied(_("You must log in first."))
    report = None
    if 2000 <= year <= 2100:  # the rounds' years (a larger number in an address is simply not found)
        clocks.settle(OVERDUE_CLOCK, alliance__code=code, year=year)
        report = reports_visible(user).filter(alliance__code=code, year=year).first()
    if report is None:
        raise NotFound(_("No annual report %(year)s of %(code)s.") % {"year": year, "code": code})
    if need is not None:
        decision = need(user, report.alliance)
        if not decision:
            raise PermissionDenied(decision.reason)
    return report


def reports_of_alliance(user: Any, alliance: Any) -> QuerySet[AnnualReport]:
    return reports_visible(user).filter(alliance=alliance).order_by("-year")


def history(report: AnnualReport) -> QuerySet[ReportStatusChange]:
    return report.status_changes.select_related("by").order_by("at", "pk")


def submissions(report: AnnualReport) -> QuerySet[ReportSubmission]:
    return report.submissions.select_related("by").order_by("-number")


@dataclass(frozen=True)
class FrozenRow:
    """A row of a submitted report's indicator table."""

    code: str
    indicator: Indicator | None
    value: Decimal
    source: str
    evidence: str

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else self.code

    @property
    def unit(self) -> str:
        from itisa.core.indicators import UNITS

        return str(UNITS.get(self.indicator.unit, "")) if self.indicator else ""


def _rows(values: Sequence[ReportIndicator]) -> list[FrozenRow]:
    order = {i.code: n for n, i in enumerate(indicators())}
    rows = [FrozenRow(v.code, indicator(v.code), v.value, v.source, v.evidence) for v in values]
    return sorted(rows, key=lambda r: (order.get(r.code, len(order)), r.code))


def snapshot(submission: ReportSubmission | None) -> list[FrozenRow]:
    """The indicator table frozen with a submission (one query)."""
    return [] if submission is None else _rows(list(submission.indicators.all()))


def rounds() -> list[ReportRound]:
    """Every round, newest first, with its reports counted by status (one query)."""
    return list(
        ReportRound.objects.annotate(
            total=Count("reports"),
            **{f"n_{s}": Count("reports", filter=Q(reports__status=s)) for s in ReportStatus.values},
            n_overdue=Count("reports", filter=Q(reports__overdue_at__isnull=False)),
        ).order_by("-year")
    )


@dataclass(frozen=True)
class Compiled:
    """A report in a compilation: its last submission and frozen indicator values."""

    report: AnnualReport
    submission: ReportSubmission | None
    values: list[FrozenRow]

    def value(self, code: str) -> Decimal | None:
        return next((r.value for r in self.values if r.code == code), None)


def compilation(user: Any, year: int, *, province: str = "") -> list[Compiled]:
    """The submitted and accepted reports of ``year`` the viewer follows (of ``province``, if given), with
    their last submission and frozen indicator table: three queries whatever their number."""
    reports = list(report_list(user, year=year, province=province).filter(status__in=COMPILED))
    last: dict[int, ReportSubmission] = {}
    for s in (
        ReportSubmission.objects.filter(report__in=[r.pk for r in reports])
        .select_related("by")
        .order_by("number")
    ):
        last[s.report_id] = s  # the last submission of each report wins
    values: dict[int, list[ReportIndicator]] = {}
    for v in ReportIndicator.objects.filter(submission__in=[s.pk for s in last.values()]).order_by("pk"):
        values.setdefault(v.submission_id, []).append(v)
    return [
        Compiled(r, last.get(r.pk), _rows(values.get(last[r.pk].pk, [])) if r.pk in last else [])
        for r in reports
    ]


def key_indicators() -> list[Indicator]:
    """The indicators shown as columns of a compilation's overview."""
    return indicators()[:KEY_INDICATORS]


# for other apps (dashboards): constant query count --------------------------------------------------


def reports_overdue(
    year: int, alliances_qs: QuerySet[Any] | None = None, *, today: dt.date | None = None
) -> list[AnnualReport]:
    """The reports of ``year`` never submitted whose deadline has passed (whether or not the clock has run
    yet), among ``alliances_qs`` (all when None): one query."""
    today = today or timezone.localdate()
    qs = AnnualReport.objects.filter(year=year, status=ReportStatus.DRAFT, round__deadline__lt=today)
    if alliances_qs is not None:
        qs = qs.filter(alliance_id__in=alliances_qs.values("pk"))
    return list(qs.select_related("alliance", "round").order_by("alliance__code"))


def report_status_counts(
    year: int, alliances_qs: QuerySet[Any] | None = None, *, today: dt.date | None = None
) -> dict[str, int]:
    """``{status: n, "overdue": n, "total": n}`` for the reports of ``year`` among ``alliances_qs``: one query.
    ``overdue`` counts drafts past their deadline (as ``reports_overdue``)."""
    today = today or timezone.localdate()
    qs = AnnualReport.objects.filter(year=year)
    if alliances_qs is not None:
        qs = qs.filter(alliance_id__in=alliances_qs.values("pk"))
    counts = qs.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status=ReportStatus.DRAFT, round__deadline__lt=today)),
        **{s: Count("pk", filter=Q(status=s)) for s in ReportStatus.values},
    )
    return {k: int(v or 0) for k, v in counts.items()}
