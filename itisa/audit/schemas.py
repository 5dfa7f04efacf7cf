"""API schema of audit entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from itisa.audit.actions import action_label


class AuditEntryOut(Schema):
    """One audit entry: sequence number, time, actor, action code with its label, data and hash."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    action_label: str
    data: dict[str, Any]
    hash: str

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_action_label(obj: Any) -> str:
        return action_label(obj.action)
