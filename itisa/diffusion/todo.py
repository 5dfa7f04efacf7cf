"""Diffusion duties in the to-do list (待办): the secretariat diffuses each publicly funded result whose
obligation is open and due within 90 days, or overdue (国科发政〔2008〕770号 第八条(六)). The clocks are
settled first (usually two queries finding nothing), then one query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.diffusion.choices import UNMET
from itisa.diffusion.models import Obligation
from itisa.diffusion.selectors import ARISE_CLOCK, OVERDUE_CLOCK
from itisa.notifications.todo import Todo, todo_kind
from itisa.ui.labels import local_text, names_joined

DIFFUSE = todo_kind("diffusion.obligation.diffuse", _("Diffuse the result"), _("Results to diffuse"))
WITHIN_DAYS = 90


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    alliances = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not alliances:
        return []
    today = timezone.localdate(now)
    clocks.settle(ARISE_CLOCK, alliance_id__in=alliances, now=now)
    clocks.settle(OVERDUE_CLOCK, alliance_id__in=alliances, now=now)
    obligations = (
        Obligation.objects.filter(alliance_id__in=alliances, status__in=UNMET,
                                  deadline__lte=today + dt.timedelta(days=WITHIN_DAYS))
        .select_related("alliance", "result")
        .order_by("deadline", "pk")
    )  # fmt: skip
    return [
        Todo(
            kind=DIFFUSE,
            ref=f"diffusion:{ob.pk}",
            subject=f"{ob.alliance.code} {ob.result.code}",
            detail=names_joined([local_text(ob.result, "title"), ob.department]),
            url=reverse("diffusion:obligations", args=[ob.alliance.code]),
            alliance=ob.alliance.code,
            due=ob.deadline,
        )
        for ob in obligations
    ]
