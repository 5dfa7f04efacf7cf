"""The financing tests' world: CSA with its two members (甲公司 member_a, 乙大学 member_b; member_contact and
legal_representative act for 乙大学); the clock frozen at ``NOW`` (Beijing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.financing.models import (
    CreditLine,
    Drawdown,
    FinancingNeed,
    InstitutionResponse,
    NeedStatusChange,
    Repayment,
)
from itisa.financing.services import (
    DrawdownInput,
    LineInput,
    NeedInput,
    RecommendationInput,
    RepaymentInput,
    ResponseInput,
    drawdown_record,
    line_open,
    need_create,
    need_recommend,
    need_submit,
    repayment_record,
    response_record,
)

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 9, 15, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (FinancingNeed, NeedStatusChange, InstitutionResponse, CreditLine,
                                             Drawdown, Repayment, AuditEntry))  # fmt: skip


def need(world: Any, by: str = "secretariat", **kw: Any) -> FinancingNeed:
    data = {"organisation": world.member_b.pk, "channel": "tech_loan", "amount": "5000000.00",
            "purpose_zh": "中试线建设", **kw}  # fmt: skip
    return need_create(by=world.user(by), alliance=world.csa, data=NeedInput(**data))


def offered(world: Any) -> FinancingNeed:
    n = need(world)
    secretariat = world.user("secretariat")
    need_submit(by=secretariat, need=n)
    need_recommend(by=secretariat, need=n, data=RecommendationInput(recommend=True, letter_ref="联盟函〔2026〕8号",
                                                                    reason_zh="符合重点方向"))  # fmt: skip
    response_record(by=secretariat, need=n, data=ResponseInput(
        institution="建设银行", institution_kind="bank", decision="offered", amount_offered="4000000",
        rate_percent="3.45", responded_on=dt.date(2026, 9, 1)))  # fmt: skip
    n.refresh_from_db()
    return n


def line(world: Any, **kw: Any) -> CreditLine:
    data = {"institution": "建设银行", "institution_kind": "bank", "borrower": world.member_b.pk,
            "limit": "1000000.00", "starts_on": dt.date(2026, 1, 1), "ends_on": dt.date(2027, 12, 31), **kw}  # fmt: skip
    return line_open(by=world.user("secretariat"), alliance=world.csa, data=LineInput(**data))


def draw(world: Any, credit: CreditLine, amount: str = "600000.00", drawn_on: dt.date = dt.date(2026, 3, 1),
         due_on: dt.date = dt.date(2026, 10, 15)) -> Drawdown:  # fmt: skip
    return drawdown_record(by=world.user("secretariat"), line=credit,
                           data=DrawdownInput(amount=amount, drawn_on=drawn_on, due_on=due_on))  # fmt: skip


def repay(world: Any, drawdown: Drawdown, amount: str, repaid_on: dt.date = dt.date(2026, 9, 1)) -> Repayment:
    return repayment_record(by=world.user("secretariat"), drawdown=drawdown,
                            data=RepaymentInput(amount=amount, repaid_on=repaid_on))  # fmt: skip


def every_record(world: Any) -> dict[str, Any]:
    """One row of each sealed financing table, written through its service (for tests/test_sealed_records.py)."""
    with time_machine.travel(NOW, tick=False):
        n = offered(world)
        credit = line(world)
        d = draw(world, credit)
        r = repay(world, d, "100000.00")
        bare = draw(world, credit, "1000.00")  # no repayment points at it
        empty = line(world)  # no drawdown points at it
    # rows nothing else points at, so that a test may remove one around the triggers
    return {
        "financing_needstatuschange": n.status_changes.order_by("pk").last(),
        "financing_institutionresponse": n.responses.get(),
        "financing_creditline": empty,
        "financing_drawdown": bare,
        "financing_repayment": r,
    }
