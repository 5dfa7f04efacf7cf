"""Representatives' duties in the to-do list (待办): a confirmer confirms or rejects each pending
appointment of the organisations in its scope (``selectors.pending_for``: one query)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.notifications.todo import Todo, todo_kind
from itisa.representatives.selectors import pending_for
from itisa.ui.labels import local_text, names_joined

CONFIRM = todo_kind(
    "representatives.appointment.confirm",
    _("Confirm the appointed representative"),
    _("Appointed representatives to confirm"),
)


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    s = role_summary(user)
    if not (s.national or s.provinces or s.alliance_roles):
        return []
    return [
        Todo(
            kind=CONFIRM,
            ref=f"appointment:{a.pk}",
            subject=names_joined([local_text(a.organisation), a.user.person_name or a.user.username]),
            url=reverse("representatives:decide", args=[a.pk]),
        )
        for a in pending_for(user)
    ]
