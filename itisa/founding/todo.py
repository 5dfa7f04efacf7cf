"""Proposal duties in the to-do list (待办): the competent officer reviews each submitted proposal of its
scope; the proposer corrects and submits again each returned one. Two queries at most."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.founding.selectors import reviewer_q
from itisa.notifications.todo import Todo, TodoKind, todo_kind
from itisa.ui.labels import as_name, local_text, names_joined

REVIEW = todo_kind(
    "founding.proposal.review", _("Review the proposed alliance"), _("Proposed alliances to review")
)
RESUBMIT = todo_kind(
    "founding.proposal.resubmit", _("Correct and resubmit the proposal"), _("Returned proposals to resubmit")
)


def _todo(kind: TodoKind, proposal: AllianceProposal) -> Todo:
    return Todo(
        kind=kind,
        ref=f"founding:{proposal.pk}:{proposal.status}",
        subject=names_joined([proposal.code, local_text(proposal)], " "),
        detail=as_name(proposal.return_reason) if kind is RESUBMIT else "",
        url=reverse("founding:detail", args=[proposal.pk]),
    )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    s = role_summary(user)
    if not s.authenticated:
        return []
    items = [
        _todo(RESUBMIT, p)
        for p in AllianceProposal.objects.filter(
            proposer_id=user.pk, status=ProposalStatus.RETURNED
        ).order_by("pk")
    ]
    if s.national or s.provinces:
        waiting = AllianceProposal.objects.filter(reviewer_q(user), status=ProposalStatus.SUBMITTED)
        items += [_todo(REVIEW, p) for p in waiting.order_by("submitted_at", "pk")]
    return items
