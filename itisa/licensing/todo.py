"""Licensing duties in the to-do list (待办): the secretariat collects each licensee's royalty report
due within 14 days (the last day of each of the licence's reporting months, inside its term). One
query, whatever the number of licences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.licensing.models import Licence
from itisa.licensing.selectors import reports_due_in
from itisa.notifications.todo import Todo, todo_kind

REPORT = todo_kind("licensing.royalty.report", _("Collect the royalty report"), _("Royalty reports due"))
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
    return [
        Todo(
            kind=REPORT,
            ref=f"royalty-report:{d.licence.pk}:{d.day.isoformat()}",
            subject=f"{d.licence.alliance.code} {d.licence.code}",
            detail=d.licence.licensee_name,
            url=reverse("licensing:detail", args=[d.licence.alliance.code, d.licence.code]),
            alliance=d.licence.alliance.code,
            due=d.day,
        )  # fmt: skip
        for d in reports_due_in(licences, today=today, within=WITHIN_DAYS)
    ]
