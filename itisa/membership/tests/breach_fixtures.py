"""Shared setup of the breach tests: an agreement in force with a chosen breach clause and cure period,
the council, and a fixed moment (Beijing time) after every real or shifted "today"."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from itisa.agreements.content import Body, default_procedures
from itisa.agreements.models import AgreementVersion
from itisa.agreements.tests.fixtures import complete_content
from itisa.audit.models import AuditEntry
from itisa.governance.models import Motion
from itisa.membership.models import (
    BreachNotice,
    BreachStatusChange,
    Expulsion,
    GrantRecoveryClaim,
    Membership,
    Suspension,
)
from itisa.membership.services import BreachInput, breach_serve
from itisa.notifications.models import Notification

BEIJING = ZoneInfo("Asia/Shanghai")
SERVED_AT = dt.datetime(2030, 3, 2, 9, 0, tzinfo=BEIJING)
CLAUSE = "泄露联盟保密信息"


def put_in_force(aw: Any, *, cure_days: int = 30, **flags: bool) -> AgreementVersion:
    """Sign an agreement with ``breach_cure_days`` and the breach clause's flags (all allowed by default)."""
    bodies = [Body.model_validate(b) for b in complete_content()["bodies"]]
    procedures = default_procedures(bodies).model_copy(update={"breach_cure_days": cure_days})
    clause = {
        "breaches": [CLAUSE, "未履行任务分工"],
        "remedies": ["赔偿损失"],
        "suspension": True,
        "expulsion": True,
        "grant_recovery": True,
        **flags,
    }
    version = aw.open_version(breach=clause, procedures=procedures.model_dump(mode="json"))
    aw.sign(version, "a")
    aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return version


def member_b(world: Any) -> Membership:
    return Membership.objects.get(alliance=world.csa, organisation=world.member_b)


def serve(world: Any, clause: str = CLAUSE) -> BreachNotice:
    return breach_serve(
        by=world.user("secretariat"),
        membership=member_b(world),
        data=BreachInput(clause=clause, facts="向联盟外第三方披露了项目技术资料。"),
    )


def state() -> tuple[Any, ...]:
    """Everything a breach step may write, to assert that a refusal wrote nothing."""
    return (
        list(BreachNotice.objects.order_by("pk").values_list("pk", "status", "motion_id", "expulsion_id")),
        BreachStatusChange.objects.count(),
        Suspension.objects.count(),
        Expulsion.objects.count(),
        GrantRecoveryClaim.objects.count(),
        Motion.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )
