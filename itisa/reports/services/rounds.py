"""Rounds of annual reports: the national office opens a reporting year with its deadline; every alliance
that is established or a pilot at that moment owes a report (a draft is created for it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.inputs import refuse_bad_values
from itisa.core.values import strip_text
from itisa.registry.models import Alliance
from itisa.reports import actions
from itisa.reports.choices import ReportStatus
from itisa.reports.models import AnnualReport, ReportRound, ReportStatusChange
from itisa.reports.permissions import can_open_round
from itisa.reports.rules import OWING_STATUSES, default_deadline, round_problems

if TYPE_CHECKING:
    from itisa.accounts.models import User


def round_open(
    *, by: User, year: int, deadline: dt.date | None = None, note: str = "", now: dt.datetime | None = None
) -> ReportRound:
    """Open the round of ``year`` (deadline 28 February of the next year unless given): a draft report for
    every established or pilot alliance, each with its first history row, sealed by one audit entry."""
    now = now or timezone.now()
    refuse_bad_values(note=note, deadline=deadline)
    with transaction.atomic():
        decision = can_open_round(by)
        if not decision:
            raise PermissionDenied(decision.reason)
        deadline = deadline or default_deadline(year)
        problems = round_problems(year=year, deadline=deadline, today=timezone.localdate(now))
        if len(strip_text(note or "")) > 500:
            problems["note"] = [_("At most 500 characters.")]
        if ReportRound.objects.filter(year=year).exists():
            problems["year"] = [_("The round of this year is already open.")]
        if problems:
            raise DomainError(_("Please correct the errors below."), fields=problems)
        try:
            with transaction.atomic():
                rnd = ReportRound.objects.create(
                    year=year, deadline=deadline, note=strip_text(note or ""), opened_by=by, opened_at=now
                )
        except IntegrityError as exc:  # a concurrent opening of the same year
            raise DomainError(
                _("Please correct the errors below."),
                fields={"year": [_("The round of this year is already open.")]},
            ) from exc
        owing = list(Alliance.objects.filter(status__in=OWING_STATUSES).order_by("code").only("pk", "code"))
        reports = AnnualReport.objects.bulk_create(
            [AnnualReport(round=rnd, alliance=a, year=year, status=ReportStatus.DRAFT) for a in owing]
        )
        rows = ReportStatusChange.objects.bulk_create(
            [
                ReportStatusChange(
                    report=r,
                    old_status="",
                    new_status=ReportStatus.DRAFT,
                    by=by,
                    actor_label=by.get_username(),
                    at=now,
                )
                for r in reports
            ]  # fmt: skip
        )
        log_action(rnd, actions.ROUND_OPENED, by=by, sealed=rows, data={
            "year": year, "deadline": deadline.isoformat(), "note": rnd.note, "alliances": [a.code for a in owing],
        })  # fmt: skip
        return rnd
