"""Exit on written notice (the agreement's notice period, dues settled) and expulsion for breach."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.governance.models import Seat
from itisa.governance.services import motion_close, vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.membership.models import ExitNotice, Expulsion, GrantRecoveryClaim, Invoice, Membership
from itisa.membership.services import exit_complete, exit_notice_give, exit_notice_withdraw, expulsion_propose

TODAY = dt.date(2026, 11, 28)


def _state() -> tuple[Any, ...]:
    return (
        list(Membership.objects.order_by("pk").values_list("pk", "left_on", "left_reason")),
        list(ExitNotice.objects.order_by("pk").values_list("pk", "status")),
        list(Expulsion.objects.order_by("pk").values_list("pk", "status")),
        GrantRecoveryClaim.objects.count(),
        AuditEntry.objects.count(),
    )


def _member_b(world: Any) -> Membership:
    return Membership.objects.get(alliance=world.csa, organisation=world.member_b)


def test_the_members_own_contact_gives_notice_of_30_days_by_default(world: Any) -> None:
    notice = exit_notice_give(
        by=world.user("member_contact"), membership=_member_b(world), given_on=TODAY, reason="战略调整"
    )
    assert (notice.notice_days, notice.effective_on, notice.status) == (30, dt.date(2026, 12, 28), "pending")
    before = _state()
    with pytest.raises(Conflict):
        exit_notice_give(by=world.user("secretariat"), membership=_member_b(world), given_on=TODAY)
    assert _state() == before


def test_the_notice_period_comes_from_the_effective_agreement(agreement_world: Any) -> None:
    aw = agreement_world
    version = aw.open_version(exit_notice_days=60)
    aw.sign(version, "a")
    aw.sign(version, "b")
    notice = exit_notice_give(by=aw.world.user("secretariat"), membership=_member_b(aw.world), given_on=TODAY)
    assert (notice.notice_days, notice.effective_on) == (60, dt.date(2027, 1, 27))


@pytest.mark.parametrize("persona", ["council_member", "expert", "outsider", "fund_supervisor"])
def test_others_cannot_give_notice_for_a_member(world: Any, persona: str) -> None:
    before = _state()
    with pytest.raises(PermissionDenied):
        exit_notice_give(by=world.user(persona), membership=_member_b(world), given_on=TODAY)
    assert _state() == before


def _unpaid_invoice(world: Any, membership: Membership) -> Invoice:
    return Invoice.objects.create(
        alliance=world.csa, membership=membership, year=2026, seq=1, number="CSA-2026-0001", rank=membership.rank,
        amount=Decimal("20000.00"), issued_on=dt.date(2026, 1, 10), due_on=dt.date(2026, 3, 31),
        issued_by=world.user("secretariat"),
    )  # fmt: skip


def test_exit_completes_after_the_period_once_dues_are_paid(world: Any) -> None:
    membership = _member_b(world)
    council = make_council(world)
    notice = exit_notice_give(
        by=world.user("member_contact"), membership=membership, given_on=dt.date(2026, 9, 1)
    )
    invoice = _unpaid_invoice(world, membership)
    s = world.user("secretariat")
    before = _state()
    with pytest.raises(DomainError, match="runs until 1 Oct 2026"):
        exit_complete(by=s, notice=notice, today=dt.date(2026, 9, 30))
    with pytest.raises(DomainError, match="CSA-2026-0001 unpaid"):
        exit_complete(by=s, notice=notice, today=TODAY)
    with pytest.raises(PermissionDenied):
        exit_complete(by=world.user("member_contact"), notice=notice, today=TODAY)
    assert _state() == before
    Invoice.objects.filter(pk=invoice.pk).update(status="paid", paid_on=dt.date(2026, 9, 20))
    done = exit_complete(by=s, notice=notice, today=TODAY)
    membership.refresh_from_db()
    assert (done.status, membership.left_on, membership.left_reason) == (
        "completed",
        dt.date(2026, 10, 1),
        "依 2026年9月1日 的书面通知退出。",
    )
    assert Seat.objects.get(pk=council.member.pk).term_end == dt.date(2026, 10, 1)
    with pytest.raises(InvalidTransition):
        exit_complete(by=s, notice=notice, today=TODAY)


def test_a_notice_can_be_withdrawn_while_pending(world: Any) -> None:
    notice = exit_notice_give(by=world.user("member_contact"), membership=_member_b(world), given_on=TODAY)
    assert exit_notice_withdraw(by=world.user("member_contact"), notice=notice).status == "withdrawn"
    with pytest.raises(InvalidTransition):
        exit_notice_withdraw(by=world.user("secretariat"), notice=notice)


def _expel(world: Any, council: Any) -> Expulsion:
    return expulsion_propose(
        by=world.user("secretariat"),
        membership=_member_b(world),
        grounds="违反保密条款，擅自披露联盟共性技术资料。",
        body=council.body,
        deadline=timezone.now() + dt.timedelta(days=5),
    )


def test_an_expulsion_that_passes_ends_the_membership_with_its_consequences(world: Any) -> None:
    council = make_council(world)
    expulsion = _expel(world, council)
    assert (expulsion.status, expulsion.motion.title_zh) == ("voting", "关于因违约除名乙大学的议案")
    for persona in ("council_member", "expert"):
        vote_cast(by=world.user(persona), motion=expulsion.motion, choice="yes")
    vote_cast(by=world.user("legal_representative"), motion=expulsion.motion, choice="no")
    motion_close(by=world.user("secretariat"), motion=expulsion.motion)
    expulsion.refresh_from_db()
    membership = _member_b(world)
    assert (
        expulsion.status,
        expulsion.rights_end_on,
        expulsion.confidentiality_continues,
        expulsion.licences_continue,
        expulsion.contributions_refunded,
    ) == ("expelled", timezone.localdate(), True, True, False)
    assert membership.left_on == timezone.localdate()
    assert membership.left_reason == "因违约被除名：违反保密条款，擅自披露联盟共性技术资料。"
    claim = GrantRecoveryClaim.objects.get(expulsion=expulsion)
    assert (claim.organisation, claim.status, claim.amount) == (world.member_b, "open", None)
    assert Seat.objects.get(pk=council.member.pk).term_end == timezone.localdate()
    entry = AuditEntry.objects.get(action="membership.expulsion.decided")
    assert entry.data == {
        "expelled": True,
        "rights_end_on": timezone.localdate().isoformat(),
        "confidentiality_continues": True,
        "licences_continue": True,
        "contributions_refunded": False,
    }


def test_an_expulsion_that_fails_changes_no_membership(world: Any) -> None:
    council = make_council(world)
    expulsion = _expel(world, council)
    vote_cast(by=world.user("council_member"), motion=expulsion.motion, choice="no")
    motion_close(by=world.user("secretariat"), motion=expulsion.motion)
    expulsion.refresh_from_db()
    assert expulsion.status == "not_expelled"
    assert _member_b(world).left_on is None
    assert not GrantRecoveryClaim.objects.exists()


def test_expulsion_refusals_change_nothing(world: Any) -> None:
    council = make_council(world)
    before = _state()
    with pytest.raises(PermissionDenied):
        expulsion_propose(
            by=world.user("council_member"), membership=_member_b(world), grounds="x", body=council.body,
            deadline=timezone.now() + dt.timedelta(days=5),
        )  # fmt: skip
    with pytest.raises(DomainError) as exc:
        expulsion_propose(
            by=world.user("secretariat"), membership=_member_b(world), grounds=" ", body=council.body,
            deadline=timezone.now() + dt.timedelta(days=5),
        )  # fmt: skip
    assert "grounds" in exc.value.fields
    assert _state() == before
    _expel(world, council)
    before = _state()
    with pytest.raises(Conflict):
        _expel(world, council)
    assert _state() == before


def test_the_database_keeps_settled_invoices_and_application_history(world: Any) -> None:
    from django.db import DatabaseError, transaction

    from itisa.membership.models import ApplicationStatusChange
    from itisa.membership.services import AdmissionInput, application_submit
    from itisa.membership.tests.test_admission import BYD

    invoice = _unpaid_invoice(world, _member_b(world))
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).delete()
    Invoice.objects.filter(pk=invoice.pk).update(status="paid", paid_on=dt.date(2026, 2, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).update(amount=Decimal("1.00"))
    assert Invoice.objects.get(pk=invoice.pk).amount == Decimal("20000.00")
    application_submit(by=world.user("outsider"), alliance=world.csa, data=AdmissionInput(**BYD))
    with pytest.raises(DatabaseError), transaction.atomic():
        ApplicationStatusChange.objects.update(comment="改写")
    assert list(ApplicationStatusChange.objects.values_list("comment", flat=True)) == [""]
