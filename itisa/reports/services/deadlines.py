"""What the clocks do to the annual reports: remind the secretariat 30 and 7 days before the deadline of a
report not submitted; the day after the deadline, mark a report never submitted overdue and tell the
national office and the officers who follow the alliance, once. Each locks the report and checks again,
so two workers (or a worker and a page) act once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from itisa.audit.services import log_action
from itisa.reports import actions, notices
from itisa.reports.choices import UNSUBMITTED, ReportStatus
from itisa.reports.models import AnnualReport
from itisa.reports.rules import is_overdue, reminder_due


def report_remind(*, report: AnnualReport, days: int, now: dt.datetime) -> bool:
    """Remind the secretariat ``days`` (30 or 7) before the deadline; False when nothing is left to do."""
    field = f"reminded_{days}_at"
    with transaction.atomic():
        obj = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("alliance", "round")
            .get(pk=report.pk)
        )
        today = timezone.localdate(now)
        if (obj.status not in UNSUBMITTED or getattr(obj, field) is not None
                or not reminder_due(deadline=obj.round.deadline, today=today, days=days)):  # fmt: skip
            return False
        setattr(obj, field, now)
        obj.save(update_fields=[field, "updated_at"])
        notices.report_reminder(obj, days)
        return True


def report_mark_overdue(*, report: AnnualReport, now: dt.datetime) -> bool:
    """A report never submitted by its deadline is overdue from the next day (Beijing time): marked once,
    audited, and the national office and the officers who follow the alliance are told."""
    with transaction.atomic():
        obj = (
            AnnualReport.objects.select_for_update(of=("self",))
            .select_related("alliance", "round")
            .get(pk=report.pk)
        )
        if (obj.status != ReportStatus.DRAFT or obj.overdue_at is not None
                or not is_overdue(deadline=obj.round.deadline, today=timezone.localdate(now))):  # fmt: skip
            return False
        obj.overdue_at = now
        obj.save(update_fields=["overdue_at", "updated_at"])
        log_action(obj, actions.REPORT_OVERDUE, by=None, data={
            "year": obj.year, "deadline": obj.round.deadline.isoformat(),
        })  # fmt: skip
        notices.report_overdue(obj)
        return True
