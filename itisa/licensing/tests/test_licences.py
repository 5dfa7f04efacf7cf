"""Licences, receipts split to the fen and posted through the ledger's own workflow (Art. 8(5))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from itisa.agreements.selectors import effective_version
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.ledger.exports import beancount_text
from itisa.ledger.services import entry_approve, entry_post
from itisa.licensing.models import LicenceConsent, SplitLine, SplitPosting
from itisa.licensing.services import (
    ConsentInput,
    CostInput,
    ReceiptInput,
    receipt_approve_split,
    receipt_record,
)
from itisa.licensing.tests.conftest import OUTSIDER_USCC, counts, grant, make_lic
from itisa.membership.models import BreachNotice, Membership, Suspension


def split_of(receipt: Any) -> list[tuple[str, str, D]]:
    return [(x.kind, x.name, x.amount) for x in SplitLine.objects.filter(receipt=receipt).order_by("pk")]


def record(lic: Any, licence: Any, amount: str, on: dt.date = dt.date(2026, 3, 1), **kw: Any) -> Any:
    return receipt_record(
        by=lic.secretariat, licence=licence, data=ReceiptInput(received_on=on, amount=amount, **kw)
    )


def test_a_licence_is_recorded_with_its_terms(lic: Any) -> None:
    licence = grant(lic)
    assert (licence.code, licence.licensee_name, licence.licensee_uscc, licence.licensee_id, licence.exclusive,
            licence.upfront_fee, licence.royalty_percent, licence.report_months) == (
        "L0001", "北京外部科技有限公司", OUTSIDER_USCC, None, False, D("50000.00"), D("3.00"), [3, 9],
    )  # fmt: skip
    member = grant(lic, licensee=lic.world.member_b.pk, licensee_name="", licensee_uscc="")
    assert (member.code, member.licensee_name, member.licensee_uscc) == (
        "L0002",
        "乙大学",
        "12100000400000624D",
    )


def test_split_of_100000_and_12345_67_by_csas_rule_and_posting(lic: Any) -> None:
    licence = grant(lic)
    first = record(lic, licence, "100000.00")
    second = record(lic, licence, "12345.67", memo="2026 年一季度提成")
    assert split_of(first) == [
        ("creator", "甲公司", D("42000.00")),
        ("creator", "乙大学", D("28000.00")),
        ("inventors", "张三", D("14000.00")),
        ("inventors", "李四", D("6000.00")),
        ("alliance", "半导体照明产业技术创新战略联盟", D("10000.00")),
    ]
    assert split_of(second) == [
        ("creator", "甲公司", D("5185.18")),
        ("creator", "乙大学", D("3456.79")),
        ("inventors", "张三", D("1728.39")),
        ("inventors", "李四", D("740.74")),
        ("alliance", "半导体照明产业技术创新战略联盟", D("1234.57")),
    ]
    assert (first.seq, second.seq, second.memo) == (1, 2, "2026 年一季度提成")
    for receipt in (first, second):
        entry = receipt_approve_split(by=lic.secretariat, receipt=receipt)
        assert entry.status == "submitted"
        entry_approve(by=lic.approver, entry=entry)
        entry_post(by=lic.secretariat, entry=entry)
    entry = SplitPosting.objects.get(receipt=second).entry
    rows = [
        (p.account.code, p.amount, p.memo) for p in entry.postings.select_related("account").order_by("pk")
    ]
    assert rows == [
        ("1002", D("12345.67"), "L0001 #2 北京外部科技有限公司"),
        ("2202", D("-5185.18"), "Owner (creator) 甲公司 914403001922038216"),
        ("2202", D("-3456.79"), "Owner (creator) 乙大学 12100000400000624D"),
        ("2209", D("-1728.39"), "Inventor 张三"),
        ("2209", D("-740.74"), "Inventor 李四"),
        ("4901", D("-1234.57"), "Alliance fund 半导体照明产业技术创新战略联盟"),
    ]
    assert (entry.status, entry.number, entry.memo) == (
        "posted",
        2,
        "Licence L0001 receipt #2 split (Art. 8(5))",
    )
    out = StringIO()
    call_command("ledger", "check", "CSA", stdout=out)
    assert out.getvalue().splitlines() == ["[1/1] CSA: 0", "No problems found."]
    from beancount import loader

    _entries, errors, _options = loader.load_string(beancount_text(lic.books.book))
    assert errors == []


def test_approving_twice_is_refused(lic: Any) -> None:
    receipt = record(lic, grant(lic), "100.00")
    receipt_approve_split(by=lic.secretariat, receipt=receipt)
    before = counts()
    with pytest.raises(Conflict, match="already approved"):
        receipt_approve_split(by=lic.secretariat, receipt=receipt)
    assert counts() == before


@pytest.mark.parametrize(
    "persona", ["member_contact", "council_member", "fund_supervisor", "outsider", "anonymous"]
)
def test_only_the_secretariat_records_and_approves(lic: Any, persona: str) -> None:
    licence = grant(lic)
    receipt = record(lic, licence, "100.00")
    user = lic.world.user(persona)
    before = counts()
    with pytest.raises(PermissionDenied):
        receipt_record(
            by=user, licence=licence, data=ReceiptInput(received_on=dt.date(2026, 3, 1), amount="1.00")
        )
    with pytest.raises(PermissionDenied):
        receipt_approve_split(by=user, receipt=receipt)
    assert counts() == before


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"amount": "0"}, {"amount": ["The amount is above zero."]}),
        ({"amount": "-5.00"}, {"amount": ["The amount is above zero."]}),
        ({"amount": "1.001"}, None),
        ({"received_on": dt.date(2026, 3, 3)}, {"received_on": ["The day received is not in the future."]}),
        ({"costs": [CostInput(organisation=1, amount="5.00")]}, None),
    ],
    ids=["zero", "negative", "part-of-a-fen", "future", "costs-not-agreed"],
)
def test_bad_receipts_are_refused_and_write_nothing(lic: Any, values: dict, fields: Any) -> None:
    licence = grant(lic)
    data = {"received_on": dt.date(2026, 3, 1), "amount": "100.00", **values}
    if "costs" in values:
        data["costs"] = [CostInput(organisation=lic.world.member_a.pk, amount="5.00")]
    before = counts()
    with pytest.raises(DomainError) as refused:
        receipt_record(by=lic.secretariat, licence=licence, data=ReceiptInput(**data))
    if fields is not None:
        assert refused.value.fields == fields
    elif "costs" in values:
        assert refused.value.fields == {"costs": ["The agreement does not recover costs before the shares."]}
    else:
        assert list(refused.value.fields) == ["amount"]
    assert counts() == before


def test_costs_are_recovered_once_then_the_shares(world: Any, agreement_world: Any, clock: Any) -> None:
    lic = make_lic(world, agreement_world, cost_recovery_first=True)
    licence = grant(lic)
    costs = [CostInput(organisation=world.member_a.pk, amount="3000.00"),
             CostInput(organisation=world.member_b.pk, amount="1000.00")]  # fmt: skip
    first = record(lic, licence, "2000.00", costs=costs)
    assert split_of(first) == [
        ("cost_recovery", "甲公司", D("1500.00")),
        ("cost_recovery", "乙大学", D("500.00")),
    ]
    second = record(lic, licence, "12000.00", costs=costs)
    assert split_of(second) == [
        ("cost_recovery", "甲公司", D("1500.00")),
        ("cost_recovery", "乙大学", D("500.00")),
        ("creator", "甲公司", D("4200.00")),
        ("creator", "乙大学", D("2800.00")),
        ("inventors", "张三", D("1400.00")),
        ("inventors", "李四", D("600.00")),
        ("alliance", "半导体照明产业技术创新战略联盟", D("1000.00")),
    ]


def test_an_exclusive_licence_needs_every_owners_consent(lic: Any) -> None:
    a, b = lic.world.member_a, lic.world.member_b
    before = counts()
    with pytest.raises(DomainError) as refused:
        grant(
            lic,
            exclusive=True,
            consents=[ConsentInput(organisation=a.pk, document_ref="同意书 1", given_on=dt.date(2026, 2, 1))],
        )
    assert refused.value.fields == {
        "consents": [
            "An exclusive licence needs every joint owner's written consent (reference and date); missing: 乙大学."
        ]
    }
    assert counts() == before
    licence = grant(lic, exclusive=True, consents=[
        ConsentInput(organisation=b.pk, document_ref="同意书 2", given_on=dt.date(2026, 2, 2)),
        ConsentInput(organisation=a.pk, document_ref="同意书 1", given_on=dt.date(2026, 2, 1)),
    ])  # fmt: skip
    assert list(LicenceConsent.objects.filter(licence=licence).values_list("organisation_id", "document_ref")) == [
        (a.pk, "同意书 1"), (b.pk, "同意书 2"),
    ]  # fmt: skip


def test_a_suspended_member_cannot_take_a_licence(lic: Any) -> None:
    membership = Membership.objects.get(alliance=lic.world.csa, organisation=lic.world.member_b)
    notice = BreachNotice.objects.create(
        membership=membership, clause="未履行任务分工", facts="逾期", served_on=dt.date(2026, 1, 5),
        served_at="2026-01-05T09:00:00+08:00", cure_days=30, cure_by=dt.date(2026, 2, 4), status="decided",
        served_by=lic.secretariat, agreement=effective_version(lic.world.csa),
    )  # fmt: skip
    Suspension.objects.create(membership=membership, breach=notice, starts_on=dt.date(2026, 2, 10),
                              ends_on=dt.date(2026, 8, 9))  # fmt: skip
    before = counts()
    with pytest.raises(DomainError) as refused:
        grant(lic, licensee=lic.world.member_b.pk)
    assert refused.value.fields == {
        "licensee": [
            "The member's rights are suspended for breach until 9 Aug 2026; it cannot take a licence."
        ]
    }
    assert counts() == before
    # from the end of the suspension on, it may
    later = grant(lic, licensee=lic.world.member_b.pk, starts_on=dt.date(2026, 8, 10))
    assert later.licensee_id == lic.world.member_b.pk


def test_bad_licences_say_why(lic: Any) -> None:
    before = counts()
    with pytest.raises(DomainError) as refused:
        grant(lic, licensee_uscc="91110108551385082A", ends_on=dt.date(2025, 1, 1), report_months=[13],
              royalty_percent="101", field_zh="")  # fmt: skip
    assert refused.value.fields == {
        "licensee_uscc": ["Give the licensee's valid unified social credit code."],
        "field_zh": ["This field is required."],
        "ends_on": ["The licence ends on or after its start."],
        "royalty_percent": ["A royalty is at most 100%."],
        "report_months": ["Give each reporting month once, from 1 to 12."],
    }
    assert counts() == before


def test_without_books_the_split_is_not_approved(world: Any, agreement_world: Any, clock: Any) -> None:
    from itisa.licensing.tests.conftest import make_agreement
    from itisa.results.tests.conftest import register

    make_agreement(agreement_world)
    result = register(world)
    from itisa.licensing.services import LicenceInput, licence_grant

    licence = licence_grant(by=world.user("secretariat"), alliance=world.csa, data=LicenceInput(
        result=result.pk, licensee_name="北京外部科技有限公司", licensee_uscc=OUTSIDER_USCC, field_zh="照明",
        territory_zh="中国", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2027, 3, 1)))  # fmt: skip
    receipt = receipt_record(by=world.user("secretariat"), licence=licence,
                             data=ReceiptInput(received_on=dt.date(2026, 3, 2), amount="10.00"))  # fmt: skip
    before = counts()
    with pytest.raises(DomainError, match="keeps no books"):
        receipt_approve_split(by=world.user("secretariat"), receipt=receipt)
    assert counts() == before
