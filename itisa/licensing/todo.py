"""Licensing duties in the to-do list (待办): the secretariat collects each licensee's royalty report
due within 14 days (the last day of each of the licence's reporting months, inside its term), and completes
each transfer whose objection window has passed without objection. A fixed number of queries, whatever the
number of licences and transfers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.licensing.choices import TransferState
from itisa.licensing.models import Licence, Transfer
from itisa.licensing.selectors import reports_due_in, transfer_documents
from itisa.notifications.todo import Todo, todo_kind
from itisa.ui.labels import as_name, local_text, names_joined

REPORT = todo_kind("licensing.royalty.report", _("Collect the royalty report"), _("Royalty reports due"))
COMPLETE = todo_kind(
    "licensing.transfer.complete", _("Complete the transfer"), _("Transfers ready to complete")
)
WITHIN_DAYS = 14


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    alliances = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not alliances:
        return []
    today = timezone.localdate(now)
    licences = list(
        Licence.objects.filter(alliance_id__in=alliances, starts_on__lte=today + dt.timedelta(days=WITHIN_DAYS),
                               ends_on__gte=today)
        .select_related("alliance")
        .order_by("alliance_id", "code")
    )  # fmt: skip
    return [*_reports(licences, today), *_transfers(alliances, today)]


def _transfers(alliances: Any, today: dt.date) -> list[Todo]:
    """Transfers whose window passed without objection (or with no other owner to object), not yet completed."""
    transfers = list(
        Transfer.objects.filter(alliance_id__in=alliances, completion__isnull=True, objections__isnull=True)
        .select_related("alliance", "result", "transferor", "transferee", "completion")
        .prefetch_related("objections")
        .order_by("alliance_id", "code")
    )
    return [
        Todo(
            kind=COMPLETE,
            ref=f"transfer-complete:{t.pk}",
            subject=f"{t.alliance.code} {t.code} {t.result.code}",
            detail=names_joined([local_text(t.transferor), local_text(t.transferee)], " → "),
            url=reverse("licensing:complete", args=[t.alliance.code, t.code]),
            alliance=t.alliance.code,
            due=doc["objection_ends_on"],
        )
        for t, doc in zip(transfers, transfer_documents(transfers, today=today), strict=True)
        if doc["state"] == TransferState.READY
    ]


def _reports(licences: list[Licence], today: dt.date) -> list[Todo]:
    return [
        Todo(
            kind=REPORT,
            ref=f"royalty-report:{d.licence.pk}:{d.day.isoformat()}",
            subject=f"{d.licence.alliance.code} {d.licence.code}",
            detail=as_name(d.licence.licensee_name),
            url=reverse("licensing:detail", args=[d.licence.alliance.code, d.licence.code]),
            alliance=d.licence.alliance.code,
            due=d.day,
        )  # fmt: skip
        for d in reports_due_in(licences, today=today, within=WITHIN_DAYS)
    ]
