"""Dues services and selectors: exact amounts, gap-free numbers, the invoice workflow, permissions,
scoping; a refused action changes nothing and logs nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.membership.models import FeeSchedule, Invoice, Membership
from itisa.membership.selectors.dues import (
    dues_summary,
    fee_schedule_of,
    invoice_get,
    invoices_of,
    invoices_to_issue,
)
from itisa.membership.services.dues import (
    fee_set,
    invoice_cancel,
    invoice_mark_paid,
    invoices_issue,
    unpaid_invoices,
)
from tests.factories import MembershipFactory, OrganisationFactory

ISSUED = dt.date(2026, 1, 15)
DUE = dt.date(2026, 3, 31)


def snapshot() -> tuple[Any, ...]:
    """Everything a refused dues action must leave as it was."""
    return (
        list(FeeSchedule.objects.order_by("pk").values_list("year", "rank", "amount")),
        list(
            Invoice.objects.order_by("pk").values_list(
                "number", "status", "paid_on", "payment_reference", "cancel_reason"
            )
        ),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def fees(world: Any) -> None:
    """2026 dues of CSA: chair 20 000.00, council 5 000.50, ordinary members free."""
    by = world.user("secretariat")
    fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000.00"))
    fee_set(by=by, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))
    fee_set(by=by, alliance=world.csa, year=2026, rank="ordinary", amount=Decimal("0"))


def issue(world: Any, year: int = 2026, persona: str = "secretariat") -> list[Invoice]:
    return invoices_issue(by=world.user(persona), alliance=world.csa, year=year, issued_on=ISSUED, due_on=DUE)


def invoice_of(world: Any, org: Any) -> Invoice:
    return Invoice.objects.get(membership__organisation=org, status__in=["unpaid", "paid"])


# --- fee schedule ---------------------------------------------------------------------------------


def test_fee_set_creates_then_changes_with_old_and_new_amounts_audited(world: Any) -> None:
    by = world.user("secretariat")
    fee = fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000"))
    assert (fee.year, fee.rank, fee.amount) == (2026, "chair", Decimal("20000.00"))
    fee = fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("18000.5"))
    fee.refresh_from_db()
    assert fee.amount == Decimal("18000.50")
    assert str(fee.amount) == "18000.50"
    entries = list(AuditEntry.objects.filter(action="membership.dues.fee_set").order_by("seq"))
    assert [e.data for e in entries] == [
        {"alliance": "CSA", "year": 2026, "rank": "chair", "old": None, "new": "20000.00"},
        {"alliance": "CSA", "year": 2026, "rank": "chair", "old": "20000.00", "new": "18000.50"},
    ]
    # setting the same amount again is no change: nothing is logged
    fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("18000.50"))
    assert AuditEntry.objects.filter(action="membership.dues.fee_set").count() == 2
    assert FeeSchedule.objects.count() == 1


def test_fee_to_the_fen_accepts_trailing_zeros(world: Any) -> None:
    fee = fee_set(
        by=world.user("national_officer"),
        alliance=world.csa,
        year=2026,
        rank="ordinary",
        amount=Decimal("1.500"),
    )
    fee.refresh_from_db()
    assert fee.amount == Decimal("1.50")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (1234.5, "Enter the amount as an exact decimal number, such as 1200.00."),
        (0.1, "Enter the amount as an exact decimal number, such as 1200.00."),
        ("1200.00", "Enter the amount as an exact decimal number, such as 1200.00."),
        (Decimal("NaN"), "Enter the amount as an exact decimal number, such as 1200.00."),
        (Decimal("Infinity"), "Enter the amount as an exact decimal number, such as 1200.00."),
        (Decimal("-0.01"), "The amount cannot be negative."),
        (Decimal("12.345"), "Give the amount to the fen: at most two decimal places."),
        (Decimal("10000000000.00"), "The amount is too large."),
    ],
    ids=["float", "small-float", "string", "nan", "infinity", "negative", "three-places", "too-large"],
)
def test_fee_amount_refused(world: Any, amount: Any, message: str) -> None:
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        fee_set(by=world.user("secretariat"), alliance=world.csa, year=2026, rank="chair", amount=amount)
    assert exc.value.fields == {"amount": [message]}
    assert snapshot() == before


def test_fee_bad_rank_and_year_refused(world: Any) -> None:
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        fee_set(by=world.user("secretariat"), alliance=world.csa, year=2026, rank="gold", amount=Decimal("1"))
    assert exc.value.fields == {"rank": ["Choose a valid rank."]}
    with pytest.raises(DomainError) as exc:
        fee_set(by=world.user("secretariat"), alliance=world.csa, year=26, rank="chair", amount=Decimal("1"))
    assert exc.value.fields == {"year": ["Enter a year between 1990 and 2100."]}
    assert snapshot() == before


@pytest.mark.parametrize(
    "persona",
    [
        "anonymous",
        "outsider",
        "council_member",
        "member_contact",
        "legal_representative",
        "fund_supervisor",
        "expert",
        "provincial_officer",
        "association_officer",
    ],
)
def test_only_keepers_set_fees_and_issue(world: Any, fees: None, persona: str) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        fee_set(by=world.user(persona), alliance=world.csa, year=2026, rank="chair", amount=Decimal("1.00"))
    with pytest.raises(PermissionDenied):
        issue(world, persona=persona)
    assert snapshot() == before


def test_amount_is_fixed_once_invoices_of_that_rank_are_out(world: Any, fees: None) -> None:
    issue(world)
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        fee_set(
            by=world.user("secretariat"),
            alliance=world.csa,
            year=2026,
            rank="council",
            amount=Decimal("1.00"),
        )
    assert exc.value.fields == {"amount": ["Fixed: dues notices have been issued."]}
    assert snapshot() == before
    # another rank and another year stay open
    fee_set(
        by=world.user("secretariat"), alliance=world.csa, year=2026, rank="vice_chair", amount=Decimal("9000")
    )
    fee_set(
        by=world.user("secretariat"), alliance=world.csa, year=2027, rank="council", amount=Decimal("6000")
    )
    # once the rank's notice is cancelled, the amount may be corrected and the notice reissued
    invoice_cancel(by=world.user("secretariat"), invoice=invoice_of(world, world.member_b), reason="金额有误")
    fee_set(
        by=world.user("secretariat"), alliance=world.csa, year=2026, rank="council", amount=Decimal("4800.00")
    )
    [again] = issue(world)
    assert (again.number, again.amount) == ("CSA-2026-0003", Decimal("4800.00"))


# --- issuing --------------------------------------------------------------------------------------


def test_issue_one_invoice_per_member_with_gap_free_numbers(world: Any, fees: None) -> None:
    ordinary = OrganisationFactory(name_zh="丙研究所")
    MembershipFactory(
        alliance=world.csa, organisation=ordinary, rank="ordinary", joined_on=dt.date(2020, 1, 1)
    )
    audit_before = AuditEntry.objects.count()
    created = issue(world)
    rows = [(i.number, i.seq, i.membership.organisation.name_zh, i.rank, i.amount, i.status) for i in created]
    assert rows == [
        ("CSA-2026-0001", 1, "甲公司", "chair", Decimal("20000.00"), "unpaid"),
        ("CSA-2026-0002", 2, "乙大学", "council", Decimal("5000.50"), "unpaid"),
    ]
    saved = Invoice.objects.get(number="CSA-2026-0002")
    assert (saved.amount, saved.issued_on, saved.due_on, saved.issued_by) == (
        Decimal("5000.50"),
        ISSUED,
        DUE,
        world.user("secretariat"),
    )
    entries = list(AuditEntry.objects.filter(action="membership.dues.invoice_issued").order_by("seq"))
    # two invoices, and the notice to 乙大学's contacts (甲公司 has no contact with an account)
    new = AuditEntry.objects.order_by("seq").values_list("action", flat=True)[audit_before:]
    assert list(new) == [
        "membership.dues.invoice_issued",
        "membership.dues.invoice_issued",
        "notifications.sent",
    ]
    assert entries[1].data == {
        "number": "CSA-2026-0002",
        "organisation": "12100000400000624D",
        "year": 2026,
        "rank": "council",
        "amount": "5000.50",
        "issued_on": "2026-01-15",
        "due_on": "2026-03-31",
    }


def test_reissuing_creates_none_and_new_members_continue_the_sequence(world: Any, fees: None) -> None:
    issue(world)
    before = snapshot()
    assert issue(world) == []
    assert snapshot() == before
    late = OrganisationFactory(name_zh="丁公司")
    MembershipFactory(alliance=world.csa, organisation=late, rank="council", joined_on=dt.date(2026, 6, 1))
    [new] = issue(world)
    assert (new.number, new.membership.organisation, new.amount) == (
        "CSA-2026-0003",
        late,
        Decimal("5000.50"),
    )


def test_left_members_are_skipped(world: Any, fees: None) -> None:
    Membership.objects.filter(organisation=world.member_a).update(
        left_on=dt.date(2025, 12, 31), left_reason="退出"
    )
    assert [i.membership.organisation for i in issue(world)] == [world.member_b]
    assert Invoice.objects.get().number == "CSA-2026-0001"


def test_numbers_are_per_alliance_and_year(world: Any, fees: None) -> None:
    officer = world.user("national_officer")
    fee_set(by=officer, alliance=world.sdc, year=2026, rank="chair", amount=Decimal("3000.00"))
    fee_set(by=officer, alliance=world.csa, year=2027, rank="chair", amount=Decimal("21000.00"))
    issue(world)
    [sdc] = invoices_issue(by=officer, alliance=world.sdc, year=2026, issued_on=ISSUED, due_on=DUE)
    [next_year] = issue(world, year=2027)
    assert (sdc.number, next_year.number) == ("SDC-2026-0001", "CSA-2027-0001")


def test_no_schedule_issues_nothing(world: Any) -> None:
    assert issue(world, year=2030) == []
    assert (Invoice.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_due_date_before_issue_date_is_refused(world: Any, fees: None) -> None:
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        invoices_issue(
            by=world.user("secretariat"),
            alliance=world.csa,
            year=2026,
            issued_on=dt.date(2026, 2, 1),
            due_on=dt.date(2026, 1, 31),
        )
    assert exc.value.fields == {"due_on": ["On or after 1 Feb 2026."]}
    assert snapshot() == before


# --- paying and cancelling ------------------------------------------------------------------------


def test_mark_paid_then_refused_again(world: Any, fees: None) -> None:
    issue(world)
    invoice = invoice_of(world, world.member_b)
    paid = invoice_mark_paid(
        by=world.user("secretariat"),
        invoice=invoice,
        paid_on=dt.date(2026, 2, 3),
        reference=" 工行转账 0203 ",
    )
    paid.refresh_from_db()
    assert (paid.status, paid.paid_on, paid.payment_reference) == (
        "paid",
        dt.date(2026, 2, 3),
        "工行转账 0203",
    )
    assert AuditEntry.objects.get(action="membership.dues.invoice_paid").data == {
        "number": "CSA-2026-0002",
        "amount": "5000.50",
        "paid_on": "2026-02-03",
        "reference": "工行转账 0203",
    }
    before = snapshot()
    with pytest.raises(InvalidTransition, match="CSA-2026-0002 has already been paid"):
        invoice_mark_paid(by=world.user("secretariat"), invoice=invoice, paid_on=dt.date(2026, 2, 4))
    with pytest.raises(InvalidTransition, match="CSA-2026-0002 has already been paid"):
        invoice_cancel(by=world.user("secretariat"), invoice=invoice, reason="重复")
    assert snapshot() == before


def test_payment_date_rules(world: Any, fees: None) -> None:
    issue(world)
    invoice = invoice_of(world, world.member_a)
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        invoice_mark_paid(by=world.user("secretariat"), invoice=invoice, paid_on=dt.date(2026, 1, 14))
    assert exc.value.fields == {"paid_on": ["On or after 15 Jan 2026."]}
    with pytest.raises(DomainError) as exc:
        invoice_mark_paid(
            by=world.user("secretariat"), invoice=invoice, paid_on=timezone.localdate() + dt.timedelta(days=1)
        )
    assert exc.value.fields == {"paid_on": ["Today or earlier."]}
    with pytest.raises(PermissionDenied):
        invoice_mark_paid(by=world.user("fund_supervisor"), invoice=invoice, paid_on=dt.date(2026, 2, 1))
    assert snapshot() == before


def test_cancel_keeps_the_row_and_needs_a_reason(world: Any, fees: None) -> None:
    issue(world)
    invoice = invoice_of(world, world.member_a)
    before = snapshot()
    with pytest.raises(DomainError) as exc:
        invoice_cancel(by=world.user("secretariat"), invoice=invoice, reason="  ")
    assert exc.value.fields == {"reason": ["This field is required."]}
    with pytest.raises(PermissionDenied):
        invoice_cancel(by=world.user("member_contact"), invoice=invoice, reason="不想缴")
    assert snapshot() == before
    cancelled = invoice_cancel(by=world.user("secretariat"), invoice=invoice, reason="成员类别变更")
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.cancel_reason, cancelled.number) == (
        "cancelled",
        "成员类别变更",
        "CSA-2026-0001",
    )
    assert AuditEntry.objects.get(action="membership.dues.invoice_cancelled").data == {
        "number": "CSA-2026-0001",
        "amount": "20000.00",
        "reason": "成员类别变更",
    }
    before = snapshot()
    with pytest.raises(InvalidTransition, match="CSA-2026-0001 was cancelled"):
        invoice_mark_paid(by=world.user("secretariat"), invoice=invoice, paid_on=dt.date(2026, 2, 1))
    with pytest.raises(InvalidTransition):
        invoice_cancel(by=world.user("secretariat"), invoice=invoice, reason="again")
    assert snapshot() == before
    assert Invoice.objects.count() == 2


def test_unpaid_invoices_and_summary(world: Any, fees: None) -> None:
    issue(world)
    membership_b = Membership.objects.get(organisation=world.member_b)
    assert [i.number for i in unpaid_invoices(membership_b)] == ["CSA-2026-0002"]
    invoice_mark_paid(
        by=world.user("secretariat"), invoice=invoice_of(world, world.member_b), paid_on=dt.date(2026, 2, 1)
    )
    assert list(unpaid_invoices(membership_b)) == []
    assert dues_summary(world.csa, 2026) == {
        "issued_total": Decimal("25000.50"),
        "issued_count": 2,
        "paid_total": Decimal("5000.50"),
        "paid_count": 1,
        "unpaid_total": Decimal("20000.00"),
        "unpaid_count": 1,
        "cancelled_count": 0,
    }
    invoice_cancel(by=world.user("secretariat"), invoice=invoice_of(world, world.member_a), reason="减免")
    summary = dues_summary(world.csa, 2026)
    assert (summary["issued_total"], summary["unpaid_total"], summary["cancelled_count"]) == (
        Decimal("5000.50"),
        Decimal("0.00"),
        1,
    )
    assert dues_summary(world.csa, 2025)["issued_total"] == Decimal("0.00")


# --- scoped reads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("secretariat", ["CSA-2026-0001", "CSA-2026-0002"]),
        ("fund_supervisor", ["CSA-2026-0001", "CSA-2026-0002"]),
        ("national_officer", ["CSA-2026-0001", "CSA-2026-0002"]),
        ("member_contact", ["CSA-2026-0002"]),
        ("legal_representative", ["CSA-2026-0002"]),
        ("council_member", []),
        ("expert", []),
        ("provincial_officer", []),
        ("outsider", []),
        ("anonymous", []),
    ],
)
def test_invoices_are_scoped_to_the_viewer(world: Any, fees: None, persona: str, visible: list[str]) -> None:
    issue(world)
    user = world.user(persona)
    assert [i.number for i in invoices_of(user, world.csa)] == visible
    assert [i.number for i in invoices_of(user, world.csa, year=2026, status="unpaid")] == visible
    found = [
        n for n in ("CSA-2026-0001", "CSA-2026-0002") if invoice_get(user, Invoice.objects.get(number=n).pk)
    ]
    assert found == visible


def test_invoice_filters(world: Any, fees: None) -> None:
    issue(world)
    invoice_mark_paid(
        by=world.user("secretariat"), invoice=invoice_of(world, world.member_a), paid_on=dt.date(2026, 2, 1)
    )
    user = world.user("secretariat")
    assert [i.number for i in invoices_of(user, world.csa, status="paid")] == ["CSA-2026-0001"]
    assert [i.number for i in invoices_of(user, world.csa, q="乙")] == ["CSA-2026-0002"]
    assert [i.number for i in invoices_of(user, world.csa, organisation_id=world.member_a.pk)] == [
        "CSA-2026-0001"
    ]
    assert list(invoices_of(user, world.csa, year=2025)) == []


def test_fee_schedule_scoped_and_ordered_by_rank(world: Any, fees: None) -> None:
    rows = [(f.rank, f.amount) for f in fee_schedule_of(world.user("member_contact"), world.csa, 2026)]
    assert rows == [
        ("chair", Decimal("20000.00")),
        ("council", Decimal("5000.50")),
        ("ordinary", Decimal("0.00")),
    ]
    assert list(fee_schedule_of(world.user("outsider"), world.csa)) == []
    assert list(fee_schedule_of(world.user("secretariat"), world.csa, 2025)) == []


def test_preview_matches_what_is_issued(world: Any, fees: None) -> None:
    preview = [(m.organisation.name_zh, amount) for m, amount in invoices_to_issue(world.csa, 2026)]
    assert preview == [("甲公司", Decimal("20000.00")), ("乙大学", Decimal("5000.50"))]
    assert [(i.membership.organisation.name_zh, i.amount) for i in issue(world)] == preview
    assert invoices_to_issue(world.csa, 2026) == []


def test_the_dues_notice_mail_gives_the_amount_and_due_day_in_each_readers_language(
    world: Any, fees: None, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """Issue 21 item 2: the amount grouped with ¥ and the due day as 年月日 / "31 Mar 2026" (core.formats),
    in the recipient's language, in the inbox and in the e-mail alike."""
    settings.SITE_URL = "https://itisa.example.cn"
    zh, en = world.user("member_contact"), world.user("legal_representative")
    zh.email, en.email, en.preferred_language = "contact@example.cn", "legal@example.cn", "en"
    zh.save(update_fields=["email"])
    en.save(update_fields=["email", "preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        issue(world)
    assert sorted((m.to[0], m.subject, m.body) for m in mailoutbox) == [
        (
            "contact@example.cn",
            "会费通知单 CSA-2026-0002：¥5,000.50，2026年3月31日前缴纳",
            "半导体照明产业技术创新战略联盟请乙大学缴纳 2026 年度会费。\n\n"
            "https://itisa.example.cn/alliances/CSA/dues/?year=2026",
        ),
        (
            "legal@example.cn",
            "Dues notice CSA-2026-0002: ¥5,000.50, due 31 Mar 2026",
            "半导体照明产业技术创新战略联盟 asks 乙大学 for its dues of 2026.\n\n"
            "https://itisa.example.cn/en/alliances/CSA/dues/?year=2026",
        ),
    ]
