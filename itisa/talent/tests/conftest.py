"""The talent tests' world: CSA with its two members (甲公司 member_a, 乙大学 member_b) and SDC's 鲁煤集团
(not a member of CSA); the clock frozen at ``NOW`` (Beijing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.talent.models import Exchange, Programme
from itisa.talent.services import ExchangeInput, ProgrammeInput, exchange_create, programme_create

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 9, 15, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def counts() -> tuple[int, int, int]:
    return Programme.objects.count(), Exchange.objects.count(), AuditEntry.objects.count()


def programme(world: Any, **kw: Any) -> Programme:
    data = {"kind": "postgraduate", "title_zh": "联合培养研究生", "organisers": [world.member_a.pk, world.member_b.pk],
            "starts_on": dt.date(2025, 9, 1), "ends_on": dt.date(2026, 6, 30), "planned_participants": 12, **kw}  # fmt: skip
    return programme_create(by=world.user("secretariat"), alliance=world.csa, data=ProgrammeInput(**data))


def exchange(world: Any, **kw: Any) -> Exchange:
    data = {"person_name": "王五", "from_org": world.member_a.pk, "to_org": world.member_b.pk, "role_zh": "访问工程师",
            "starts_on": dt.date(2026, 3, 1), "ends_on": dt.date(2026, 8, 31), "purpose_zh": "联合开发", **kw}  # fmt: skip
    return exchange_create(by=world.user("secretariat"), alliance=world.csa, data=ExchangeInput(**data))
