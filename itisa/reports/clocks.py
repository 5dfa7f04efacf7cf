"""The clocks of the annual reports (``core.clocks``): the secretariat is reminded 30 and 7 days before the
round's deadline of a report not submitted; the day after the deadline a report never submitted is overdue
and the national office and the officers who follow the alliance are told. Registered in
``ReportsConfig.ready``; the overdue clock is settled by ``selectors.access_report`` before it reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.core import clocks
from itisa.reports.choices import UNSUBMITTED, ReportStatus
from itisa.reports.models import AnnualReport
from itisa.reports.selectors import OVERDUE_CLOCK, REMIND_CLOCKS
from itisa.reports.services import report_mark_overdue, report_remind

REFERENCE = "国科发政〔2008〕770号 第九条、第十一条; the round's deadline (28 February by default)"


def _to_remind(days: int) -> Callable[[dt.datetime], QuerySet[AnnualReport]]:
    def due(now: dt.datetime) -> QuerySet[AnnualReport]:
        """Reports not submitted, not yet reminded, whose deadline is within ``days`` days and not past."""
        today = timezone.localdate(now)
        return AnnualReport.objects.filter(
            status__in=UNSUBMITTED, round__deadline__gte=today,
            round__deadline__lte=today + dt.timedelta(days=days), **{f"reminded_{days}_at__isnull": True},
        )  # fmt: skip

    return due


def _remind(days: int) -> Callable[[AnnualReport, dt.datetime], bool]:
    def fire(report: AnnualReport, now: dt.datetime) -> bool:
        return report_remind(report=report, days=days, now=now)

    return fire


def reports_past_deadline(now: dt.datetime) -> QuerySet[AnnualReport]:
    """Reports never submitted whose deadline was before ``now``'s day in Beijing, not yet marked overdue."""
    return AnnualReport.objects.filter(
        status=ReportStatus.DRAFT, overdue_at__isnull=True, round__deadline__lt=timezone.localdate(now)
    )


def _overdue(report: AnnualReport, now: dt.datetime) -> bool:
    return report_mark_overdue(report=report, now=now)


LABELS = {
    30: _("The secretariat is reminded of its annual report 30 days before the deadline"),
    7: _("The secretariat is reminded of its annual report 7 days before the deadline"),
}


def register_clocks() -> None:
    for days, code in REMIND_CLOCKS.items():
        clocks.register(
            code,
            label=LABELS[days],
            reference=REFERENCE,
            due=_to_remind(days),
            fire=_remind(days),
        )
    clocks.register(
        OVERDUE_CLOCK,
        label=_("An annual report not submitted by the deadline becomes overdue"),
        reference=REFERENCE,
        due=reports_past_deadline,
        fire=_overdue,
    )
