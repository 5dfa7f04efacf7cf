"""Standards duties in the to-do list (待办): a drafting member's contact or legal representative files
its IPR declaration while a round is open; the secretariat opens the vote once every declaration is in.
A fixed number of queries, whatever the number of standards and members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.roles import role_summary
from itisa.notifications.todo import Todo, todo_kind
from itisa.standards.choices import RoundOutcome
from itisa.standards.models import DraftingMember, IprDeclaration, VoteRound
from itisa.ui.labels import as_name, local_text

DECLARE = todo_kind(
    "standards.declaration.file", _("File the IPR declaration"), _("IPR declarations to file")
)
OPEN_VOTE = todo_kind("standards.vote.open", _("Open the vote"), _("Standards votes ready to open"))


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    s = role_summary(user)
    if not s.authenticated:
        return []
    keeper = s.alliances_with(Role.SECRETARIAT)
    members = {org for org in s.organisations if s.acts_for(org, *ORGANISATION_ROLES)}
    if not keeper and not members:
        return []
    rounds = list(
        VoteRound.objects.filter(outcome=RoundOutcome.OPEN, motion__isnull=True)
        .filter(standard__alliance_id__in=keeper | s.alliances_with(*ORGANISATION_ROLES))
        .select_related("standard__alliance")
        .order_by("standard__alliance_id", "standard__code")
    )
    if not rounds:
        return []
    standards = [r.standard_id for r in rounds]
    drafters: dict[int, set[int]] = {}
    for standard, org in DraftingMember.objects.filter(standard_id__in=standards).values_list(
        "standard_id", "organisation_id"
    ):
        drafters.setdefault(standard, set()).add(org)
    declared: dict[int, set[int]] = {}
    for round_id, org in IprDeclaration.objects.filter(round__in=rounds).values_list(
        "round_id", "organisation_id"
    ):
        declared.setdefault(round_id, set()).add(org)
    items = []
    for row in rounds:
        st = row.standard
        missing = drafters.get(st.pk, set()) - declared.get(row.pk, set())
        url = reverse("standards:detail", args=[st.alliance.code, st.code])
        subject = f"{st.alliance.code} {st.code}"
        for org in sorted(missing & members):
            if s.has_alliance_role(st.alliance_id, *ORGANISATION_ROLES):
                items.append(Todo(kind=DECLARE, ref=f"standard-declare:{row.pk}:{org}", subject=subject,
                                  detail=as_name(local_text(st, "title")), url=url, alliance=st.alliance.code))  # fmt: skip
        if not missing and st.alliance_id in keeper:
            items.append(Todo(kind=OPEN_VOTE, ref=f"standard-vote:{row.pk}", subject=subject,
                              detail=as_name(local_text(st, "title")), url=url, alliance=st.alliance.code))  # fmt: skip
    return items
