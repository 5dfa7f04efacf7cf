"""Shared setup of the breach tests: an agreement in force with a chosen breach clause and cure period,
the council, and a fixed moment (Beijing time) after every real or shifted "today"."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

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
# the agreement is opened and signed at a fixed moment, never at the real now: before every moment the
# tests travel to (2026-03 in governance's, 2030 here) and before any real "today" they may run on
SIGNED_AT = dt.datetime(2026, 2, 2, 10, 0, tzinfo=BEIJING)
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
    with time_machine.travel(SIGNED_AT, tick=False):
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


REFER_AT = dt.datetime(2030, 4, 3, 9, 0, tzinfo=BEIJING)
SUSPENDED_FROM = dt.date(2030, 5, 1)
SUSPENDED_UNTIL = dt.date(2030, 10, 31)


def suspend_member_b(aw: Any) -> tuple[Suspension, Any]:
    """member_b's rights suspended from 2030-05-01 to 2030-10-31 by the council (with the council): the
    agreement in force, a notice served, lapsed, referred with a suspension and carried 2 to 1."""
    from itisa.core import clocks
    from itisa.governance.services import motion_close, vote_cast
    from itisa.governance.tests.conftest import make_council
    from itisa.membership.clocks import BREACH_LAPSE
    from itisa.membership.services import ReferralInput, breach_refer

    put_in_force(aw)
    council = make_council(aw.world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(aw.world)
    with time_machine.travel(dt.datetime(2030, 4, 2, 0, 0, tzinfo=BEIJING), tick=False):
        clocks.run_due(codes=[BREACH_LAPSE])
    notice.refresh_from_db()
    with time_machine.travel(REFER_AT, tick=False):
        notice = breach_refer(
            by=aw.world.user("secretariat"), notice=notice, body=council.body,
            data=ReferralInput(remedies=["suspension"], suspend_from=SUSPENDED_FROM, suspend_until=SUSPENDED_UNTIL,
                               deadline=REFER_AT + dt.timedelta(days=7)),
        )  # fmt: skip
    with time_machine.travel(REFER_AT + dt.timedelta(hours=1), tick=False):
        for persona, choice in (("council_member", "yes"), ("expert", "yes"), ("legal_representative", "no")):
            vote_cast(by=aw.world.user(persona), motion=notice.motion, choice=choice)
        motion_close(by=aw.world.user("secretariat"), motion=notice.motion)
    return Suspension.objects.get(breach=notice), council
