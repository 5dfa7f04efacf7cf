"""Financing duties in the to-do list (待办): repay each drawdown from 30 days before its due day until it
is repaid (overdue after), for the borrower's contacts and legal representatives and the alliance's
secretariat; recommend each submitted need, for the secretariat. A fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.roles import role_summary
from itisa.core.formats import money
from itisa.financing.choices import NeedStatus
from itisa.financing.models import Drawdown, FinancingNeed
from itisa.financing.services.lines import with_repaid
from itisa.notifications.todo import Todo, todo_kind
from itisa.ui.labels import WithNames, as_name, local_text, names_joined

REPAY = todo_kind("financing.drawdown.repay", _("Repay the drawdown"), _("Drawdowns to repay"))
RECOMMEND = todo_kind(
    "financing.need.recommend", _("Decide the recommendation"), _("Financing needs to recommend")
)
WARN_DAYS = 30


def _repaid(drawdown: Drawdown) -> Any:
    # annotated by ``with_repaid``
    return drawdown.repaid  # type: ignore[attr-defined]


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    s = role_summary(user)
    secretariat = s.alliances_with(Role.SECRETARIAT)
    orgs = [o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES)]
    borrowers = Q(line__alliance_id__in=secretariat)
    for alliance in s.alliances_with(*ORGANISATION_ROLES):
        borrowers |= Q(line__alliance_id=alliance, line__borrower_id__in=orgs)
    if not secretariat and not orgs:
        return []
    today = timezone.localdate(now)
    drawdowns = (
        with_repaid(Drawdown.objects.filter(borrowers, due_on__lte=today + dt.timedelta(days=WARN_DAYS)))
        .select_related("line__alliance", "line__borrower")
        .order_by("due_on", "pk")
    )
    items = [
        Todo(
            kind=REPAY,
            ref=f"financing-repay:{d.pk}",
            subject=f"{d.line.alliance.code} {d.line.code} #{d.seq}",
            # the bank is a name; what is still owed is an amount in the reader's format (¥1,000,000.00)
            detail=names_joined(
                [d.line.institution, WithNames([(money(d.amount - _repaid(d), "¥"), False)])], " "
            ),
            url=reverse("financing:line", args=[d.line.alliance.code, d.line.code]),
            alliance=d.line.alliance.code,
            due=d.due_on,
        )
        for d in drawdowns
        if _repaid(d) < d.amount
    ]
    if secretariat:
        needs = (
            FinancingNeed.objects.filter(alliance_id__in=secretariat, status=NeedStatus.SUBMITTED)
            .select_related("alliance", "organisation", "project")
            .order_by("alliance_id", "code")
        )
        items += [
            Todo(
                kind=RECOMMEND,
                ref=f"financing-recommend:{n.pk}",
                subject=f"{n.alliance.code} {n.code}",
                detail=as_name(local_text(n.organisation))
                if n.organisation
                else (n.project.code if n.project else ""),
                url=reverse("financing:need", args=[n.alliance.code, n.code]),
                alliance=n.alliance.code,
                due=None,
            )
            for n in needs
        ]
    return items
