"""The results tests' world: CSA with its two members (甲公司 member_a, 乙大学 member_b), optionally an
effective agreement with a given ``ip.default_ownership``, a council, and project P001 financed by a
government plan grant. The clock is frozen at ``NOW`` (Beijing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.agreements.tests.fixtures import AgreementWorld, complete_content
from itisa.audit.models import AuditEntry
from itisa.results.models import (
    BackgroundIP,
    Contribution,
    Inventor,
    Owner,
    OwnershipRecord,
    Result,
    ResultStatusChange,
)
from itisa.results.services import InventorInput, ResultInput, ShareInput, result_register

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
GRANTED = "ZL201811564288.X"  # invention, from shared/data/cn-patent-samples.csv
UTILITY = "ZL201821844933.9"


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_agreement(aw: AgreementWorld, ownership: str | None) -> Any:
    """An effective agreement of CSA whose ``ip.default_ownership`` is ``ownership`` (None: no rule)."""
    content = complete_content()
    content["ip"] = {**content["ip"], "default_ownership": ownership}
    version = aw.open_version(ip=content["ip"])
    aw.sign(version, "a")
    aw.sign(version, "b")
    version.refresh_from_db()
    assert version.status == "effective"
    return version


def shares(*pairs: tuple[Any, str]) -> list[ShareInput]:
    return [ShareInput(organisation=org.pk, share=share) for org, share in pairs]


def patent_input(world: Any, **overrides: Any) -> ResultInput:
    """An invention patent granted in 2021, made by member_a (60) and member_b (40), two inventors."""
    values: dict[str, Any] = {
        "kind": "invention", "title_zh": "一种基于无线信息与能量协同传输的大规模接入方法", "number": GRANTED,
        "status": "granted", "filed_on": dt.date(2018, 12, 20), "granted_on": dt.date(2021, 3, 2),
        "contributions": shares((world.member_a, "60"), (world.member_b, "40")),
        "inventors": [InventorInput(name="张三", organisation=world.member_a.pk, share="70"),
                      InventorInput(name="李四", organisation=world.member_b.pk, share="30")],
    }  # fmt: skip
    values.update(overrides)
    return ResultInput(**values)


def register(world: Any, **overrides: Any) -> Result:
    return result_register(
        by=world.user("secretariat"), alliance=world.csa, data=patent_input(world, **overrides)
    )


def owners_of(result: Result) -> list[tuple[str, Decimal]]:
    """The current owners as (name, share), in the order recorded."""
    result.refresh_from_db()
    return [
        (o.organisation.name_zh, o.share)
        for o in Owner.objects.filter(record_id=result.ownership_id).order_by("pk")
    ]


TABLES = (
    Result,
    ResultStatusChange,
    Contribution,
    Inventor,
    OwnershipRecord,
    Owner,
    BackgroundIP,
    AuditEntry,
)


def counts() -> dict[str, int]:
    """Rows of every table the register writes, and the audit chain's length: nothing changed on a refusal."""
    return {model.__name__: model.objects.count() for model in TABLES}
