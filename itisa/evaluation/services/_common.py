"""What the evaluation services share: the permission check, the lock, the move and its notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.audit.workflows import move
from itisa.core.decisions import Decision
from itisa.core.errors import PermissionDenied
from itisa.evaluation import actions
from itisa.evaluation.models import Evaluation, EvaluationStatusChange
from itisa.evaluation.permissions import actors
from itisa.evaluation.workflows import EVALUATION_TRANSITIONS


def require(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("alliance", "alliance__host_unit", "campaign", "application")
        .get(pk=evaluation.pk)
    )


def step(
    evaluation: Evaluation, target: str, *, by: Any, comment: str = "", fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None, sealed: tuple[Any, ...] = (), now: dt.datetime | None = None,
    system: bool = False,
) -> str:  # fmt: skip
    """Move ``evaluation`` to ``target`` through the table, with its history row and audit entry."""
    return move(
        evaluation,
        target,
        by=by,
        actors={"system"} if system else actors(by, evaluation.alliance),
        table=EVALUATION_TRANSITIONS,
        history=EvaluationStatusChange,
        action=actions.EVALUATION_MOVED,
        comment=comment,
        fields=fields,
        data={"from": evaluation.status, "to": target, "comment": comment, **(data or {})},
        sealed=sealed,
        at=now or timezone.now(),
    )


def secretaries(alliance_id: int) -> list[Any]:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(role=Role.SECRETARIAT, alliance_id=alliance_id)
        .select_related("user")
        .order_by("pk")
    ]


def officers() -> list[Any]:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(Q(role=Role.NATIONAL_OFFICER))
        .select_related("user")
        .order_by("pk")
    ]
