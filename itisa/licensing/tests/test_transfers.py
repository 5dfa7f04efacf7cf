"""Transfers wait through the joint owners' objection window, an objection blocks, and after the window
the owners change through the results register; technology contracts carry a checked registration number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
import time_machine

from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.licensing.models import TechContract, TransferCompletion
from itisa.licensing.services import (
    ContractInput,
    TransferInput,
    contract_register,
    state_of,
    transfer_complete,
    transfer_notify,
    transfer_object,
)
from itisa.licensing.tests.conftest import NOW, counts, grant, make_lic
from itisa.results.tests.conftest import owners_of


def notify(lic: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "result": lic.result.pk, "transferor": lic.world.member_a.pk, "transferee": lic.world.sd_org.pk,
        "price": "800000.00", "contract_ref": "转让合同 2026-001", "notice_on": dt.date(2026, 3, 2),
    }  # fmt: skip
    values.update(overrides)
    return transfer_notify(by=lic.secretariat, alliance=lic.world.csa, data=TransferInput(**values))


def test_a_transfer_waits_through_the_window_then_completes(lic: Any) -> None:
    transfer = notify(lic)
    assert (transfer.code, transfer.objection_days, state_of(transfer, NOW.date())) == (
        "T0001",
        45,
        "waiting",
    )
    before = counts()
    with pytest.raises(InvalidTransition, match="may object until 16 Apr 2026"):
        transfer_complete(by=lic.secretariat, transfer=transfer)
    assert counts() == before
    with (
        time_machine.travel(dt.datetime(2026, 4, 16, 23, 0, tzinfo=NOW.tzinfo), tick=False),
        pytest.raises(InvalidTransition),
    ):
        transfer_complete(by=lic.secretariat, transfer=transfer)
    with time_machine.travel(dt.datetime(2026, 4, 17, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        assert state_of(transfer, dt.date(2026, 4, 17)) == "ready"
        done = transfer_complete(by=lic.secretariat, transfer=transfer)
    assert (done.completed_on, done.ownership.seq, done.ownership.basis) == (
        dt.date(2026, 4, 17),
        2,
        "consent",
    )
    assert owners_of(lic.result) == [("鲁煤集团", D("60.00")), ("乙大学", D("40.00"))]
    assert state_of(transfer, dt.date(2026, 4, 17)) == "completed"


def test_an_objection_blocks_the_transfer(lic: Any) -> None:
    transfer = notify(lic)
    # the transferor does not object to its own transfer; an outsider cannot object
    with pytest.raises(DomainError):
        transfer_object(
            by=lic.secretariat, transfer=transfer, organisation=lic.world.member_a, reason="不同意"
        )
    with pytest.raises(PermissionDenied):
        transfer_object(by=lic.world.user("outsider"), transfer=transfer, organisation=lic.world.member_b,
                        reason="不同意")  # fmt: skip
    # member_b's contact objects for it
    transfer_object(by=lic.world.user("member_contact"), transfer=transfer, organisation=lic.world.member_b,
                    reason="受让方为竞争对手")  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        before = counts()
        with pytest.raises(InvalidTransition, match="A joint owner objected"):
            transfer_complete(by=lic.secretariat, transfer=transfer)
        assert counts() == before
    assert owners_of(lic.result) == [("甲公司", D("60.00")), ("乙大学", D("40.00"))]
    assert TransferCompletion.objects.count() == 0


def test_an_objection_after_the_window_is_refused(lic: Any) -> None:
    transfer = notify(lic)
    with time_machine.travel(dt.datetime(2026, 4, 17, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        before = counts()
        with pytest.raises(InvalidTransition, match="window ended on 16 Apr 2026"):
            transfer_object(
                by=lic.secretariat, transfer=transfer, organisation=lic.world.member_b, reason="迟"
            )
        assert counts() == before


def test_the_window_comes_from_the_agreement(world: Any, agreement_world: Any, clock: Any) -> None:
    lic = make_lic(world, agreement_world, transfer_objection_days=10)
    transfer = notify(lic)
    assert transfer.objection_days == 10
    with time_machine.travel(dt.datetime(2026, 3, 13, 9, 0, tzinfo=NOW.tzinfo), tick=False):
        transfer_complete(by=lic.secretariat, transfer=transfer)
    assert owners_of(lic.result) == [("鲁煤集团", D("60.00")), ("乙大学", D("40.00"))]


def test_bad_transfers_are_refused(lic: Any) -> None:
    before = counts()
    with pytest.raises(DomainError) as refused:
        notify(lic, transferor=lic.world.sd_org.pk, transferee=lic.world.sd_org.pk, price="-1",
               contract_ref="", notice_on=dt.date(2026, 3, 3))  # fmt: skip
    assert refused.value.fields == {
        "transferor": ["Choose one of the result's current owners."],
        "transferee": ["The transferee is not the transferor."],
        "price": ["The amount is not negative."],
        "contract_ref": ["This field is required."],
        "notice_on": ["Give the day the notice was given (not in the future)."],
    }
    with pytest.raises(PermissionDenied):
        transfer_notify(by=lic.world.user("member_contact"), alliance=lic.world.csa,
                        data=TransferInput(result=lic.result.pk))  # fmt: skip
    assert counts() == before


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("2026110108000123", None),
        ("2026440305000001", None),
        (
            "202611010800012",
            "A registration number is 16 digits: the year, the six-digit region code and a six-digit serial.",
        ),
        (
            "2026１10108000123",
            "A registration number is 16 digits: the year, the six-digit region code and a six-digit serial.",
        ),
        ("2027110108000123", "The year 2027 in the registration number is not a year of registration."),
        ("2026990108000123", "990108 in the registration number is not a GB/T 2260 region code."),
        ("2026100000000123", "100000 in the registration number is not a GB/T 2260 region code."),
        ("2026110108000000", "The serial in the registration number starts at 000001."),
    ],
)
def test_technology_contract_numbers(lic: Any, number: str, problem: str | None) -> None:
    licence = grant(lic)
    data = ContractInput(number=number, kind="licence", licence=licence.pk, verified_amount="150000.00",
                         registered_on=dt.date(2026, 3, 1))  # fmt: skip
    before = counts()
    if problem is None:
        row = contract_register(by=lic.secretariat, alliance=lic.world.csa, data=data)
        assert (row.number, row.verified_amount, row.licence_id) == (number, D("150000.00"), licence.pk)
        return
    with pytest.raises(DomainError) as refused:
        contract_register(by=lic.secretariat, alliance=lic.world.csa, data=data)
    assert refused.value.fields == {"number": [problem]}
    assert counts() == before


def test_a_contract_number_is_recorded_once(lic: Any) -> None:
    data = ContractInput(number="2026110108000123", kind="transfer", verified_amount="1.00",
                         registered_on=dt.date(2026, 3, 1))  # fmt: skip
    contract_register(by=lic.secretariat, alliance=lic.world.csa, data=data)
    with pytest.raises(DomainError) as refused:
        contract_register(by=lic.secretariat, alliance=lic.world.csa, data=data)
    assert refused.value.fields == {
        "number": ["A contract with this registration number is already recorded."]
    }
    assert TechContract.objects.count() == 1


def test_a_transfer_joins_the_secretariats_todo_when_its_window_ends_and_leaves_it_when_completed(
    lic: Any,
) -> None:
    from itisa.licensing.todo import todos

    transfer = notify(lic)
    blocked = notify(lic, transferor=lic.world.member_b.pk, contract_ref="转让合同 2026-002")
    transfer_object(by=lic.secretariat, transfer=blocked, organisation=lic.world.member_a, reason="不同意")

    def transfer_todos(at: dt.datetime) -> list[tuple[str, str, dt.date | None]]:
        return [(t.kind.code, t.subject, t.due) for t in todos(lic.secretariat, at)
                if t.kind.code == "licensing.transfer.complete"]  # fmt: skip

    last_day = dt.datetime(2026, 4, 16, 23, 0, tzinfo=NOW.tzinfo)
    assert transfer_todos(last_day) == []  # the other owner may still object
    day_after = dt.datetime(2026, 4, 17, 9, 0, tzinfo=NOW.tzinfo)
    assert transfer_todos(day_after) == [
        ("licensing.transfer.complete", f"CSA {transfer.code} {lic.result.code}", dt.date(2026, 4, 16))
    ]  # the blocked one never appears
    assert todos(lic.world.user("member_contact"), day_after) == []  # the secretariat's duty only
    with time_machine.travel(day_after, tick=False):
        transfer_complete(by=lic.secretariat, transfer=transfer)
    assert transfer_todos(day_after) == []
