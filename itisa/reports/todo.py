"""Annual report duties in the to-do list (待办): the secretariat prepares and submits its report from the
round's opening until it is submitted (again, after a return); the national office checks each submitted
report. Two queries at most, whatever the number of reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.notifications.todo import Todo, todo_kind
from itisa.reports.choices import UNSUBMITTED, ReportStatus
from itisa.reports.models import AnnualReport
from itisa.ui.labels import as_name, local_text

PREPARE = todo_kind(
    "reports.report.prepare", _("Prepare and submit the annual report"), _("Annual reports to submit")
)
CHECK = todo_kind("reports.report.check", _("Check the annual report"), _("Annual reports to check"))


def _todo(kind: Any, report: AnnualReport, detail: str) -> Todo:
    return Todo(
        kind=kind,
        ref=f"reports:{report.pk}:{report.status}",
        subject=f"{report.alliance.code} {report.year}",
        detail=detail,
        url=reverse("reports:report", args=[report.alliance.code, report.year]),
        alliance=report.alliance.code,
        due=report.round.deadline if kind is PREPARE else None,
    )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    s = role_summary(user)
    items: list[Todo] = []
    alliances = s.alliances_with(Role.SECRETARIAT)
    if alliances:
        owed = AnnualReport.objects.filter(alliance_id__in=alliances, status__in=UNSUBMITTED).select_related(
            "alliance", "round").order_by("round__deadline", "pk")  # fmt: skip
        items += [_todo(PREPARE, r, as_name(local_text(r.alliance))) for r in owed]
    if s.national:
        submitted = AnnualReport.objects.filter(status=ReportStatus.SUBMITTED).select_related(
            "alliance", "round").order_by("submitted_at", "pk")  # fmt: skip
        items += [_todo(CHECK, r, as_name(local_text(r.alliance))) for r in submitted]
    return items
