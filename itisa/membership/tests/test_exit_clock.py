"""A notice of exit ends the membership by itself on the day its period has run (Beijing time), once dues
are paid: through the tick, or when the members or exits page is shown, without anyone completing it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.governance.models import Seat
from itisa.governance.services import vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.membership.clocks import EXIT_DUE
from itisa.membership.models import ExitNotice, Invoice, Membership
from itisa.membership.services import exit_complete, exit_notice_give, expulsion_propose
from itisa.membership.services.exits import exit_complete_at_end
from itisa.membership.tests.test_exits import _unpaid_invoice

GIVEN = dt.date(2026, 11, 1)  # 30 days' notice: the membership ends on 2026-12-01
LAST_MINUTE = dt.datetime(2026, 11, 30, 15, 59, tzinfo=dt.UTC)  # 23:59 on 30 November in Beijing
MIDNIGHT = dt.datetime(2026, 11, 30, 16, 0, tzinfo=dt.UTC)  # 00:00 on 1 December in Beijing
NONE = {"due": 0, "fired": 0, "settled": 0, "failed": 0}


def _member_b(world: Any) -> Membership:
    return Membership.objects.get(alliance=world.csa, organisation=world.member_b)


def _state() -> tuple[Any, ...]:
    return (
        list(Membership.objects.order_by("pk").values_list("pk", "left_on", "left_reason")),
        list(ExitNotice.objects.order_by("pk").values_list("pk", "status")),
        list(Seat.objects.order_by("pk").values_list("pk", "term_end")),
        AuditEntry.objects.count(),
    )


def test_the_membership_ends_on_the_last_day_of_notice_in_beijing_not_before(world: Any) -> None:
    council = make_council(world)
    with time_machine.travel(dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC), tick=False) as clock:
        notice = exit_notice_give(
            by=world.user("member_contact"), membership=_member_b(world), given_on=GIVEN
        )
        clock.move_to(LAST_MINUTE)
        before = _state()
        assert clocks.run_due()[EXIT_DUE].as_dict() == NONE
        assert _state() == before
        clock.move_to(MIDNIGHT)
        assert clocks.run_due()[EXIT_DUE].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    membership = _member_b(world)
    assert (ExitNotice.objects.get(pk=notice.pk).status, membership.left_on, membership.left_reason) == (
        "completed",
        dt.date(2026, 12, 1),
        "依 2026年11月1日 的书面通知退出。",
    )
    assert Seat.objects.get(pk=council.member.pk).term_end == dt.date(2026, 12, 1)
    entries = AuditEntry.objects.filter(seq__gt=before[-1]).order_by("seq")
    assert list(entries.values_list("action", "actor_label")) == [
        ("membership.membership.ended", "system"),
        ("governance.seat.ended", "system"),
        ("membership.exit.completed", "system"),
    ]
    # firing again, by the clock or by hand, changes nothing
    after = _state()
    with time_machine.travel(MIDNIGHT, tick=False):
        assert clocks.run_due()[EXIT_DUE].as_dict() == NONE
        assert exit_complete_at_end(notice=notice) is None
    assert _state() == after


def test_unpaid_dues_hold_the_exit_until_the_last_invoice_is_paid(world: Any) -> None:
    with time_machine.travel(MIDNIGHT, tick=False):
        notice = exit_notice_give(
            by=world.user("member_contact"), membership=_member_b(world), given_on=GIVEN
        )
        invoice = _unpaid_invoice(world, _member_b(world))
        before = _state()
        assert clocks.run_due()[EXIT_DUE].as_dict() == NONE  # not due while dues are owed
        assert _state() == before
        Invoice.objects.filter(pk=invoice.pk).update(status="paid", paid_on=dt.date(2026, 12, 3))
        assert clocks.run_due()[EXIT_DUE].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    assert (ExitNotice.objects.get(pk=notice.pk).status, _member_b(world).left_on) == (
        "completed",
        dt.date(2026, 12, 1),
    )


def _member_rows(page: str) -> list[str]:
    return re.findall(r'data-testid="member-row" data-uscc="([0-9A-Z]+)"', page)


def test_the_members_page_shows_the_member_gone_on_the_day_before_any_worker_ran(world: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC), tick=False) as clock:
        notice = exit_notice_give(
            by=world.user("member_contact"), membership=_member_b(world), given_on=GIVEN
        )
        c = Client()
        clock.move_to(LAST_MINUTE)
        c.force_login(world.user("secretariat"))
        page = c.get("/en/alliances/CSA/").content.decode()
        assert _member_rows(page) == [world.member_a.uscc, world.member_b.uscc]
        assert ExitNotice.objects.get(pk=notice.pk).status == "pending"
        clock.move_to(MIDNIGHT)
        c.force_login(world.user("secretariat"))  # a new session: the clock moved past the last one
        page = c.get("/en/alliances/CSA/").content.decode()
        assert _member_rows(page) == [world.member_a.uscc]
        assert ExitNotice.objects.get(pk=notice.pk).status == "completed"
        completed = AuditEntry.objects.filter(action="membership.exit.completed")
        assert list(completed.values_list("object_id", "actor_label")) == [
            (str(_member_b(world).pk), "system")
        ]
        assert c.get("/en/alliances/CSA/exits/").status_code == 200
        c.get("/en/alliances/CSA/")
        assert completed.count() == 1


def test_the_secretariat_completing_by_hand_and_the_clock_act_once(world: Any) -> None:
    with time_machine.travel(MIDNIGHT, tick=False):
        notice = exit_notice_give(
            by=world.user("member_contact"), membership=_member_b(world), given_on=GIVEN
        )
        exit_complete(by=world.user("secretariat"), notice=notice)
        before = _state()
        assert clocks.run_due()[EXIT_DUE].as_dict() == NONE
        assert exit_complete_at_end(notice=notice) is None
        assert _state() == before
    completed = AuditEntry.objects.get(action="membership.exit.completed")
    assert completed.actor_label == "secretariat"


def test_an_expulsion_ballot_closed_by_the_clock_takes_effect_on_its_deadline(world: Any) -> None:
    """The ballot closes by itself; the expulsion it decides dates from the deadline, not from the day a
    page happened to settle it."""
    council = make_council(world)
    deadline = dt.datetime(2026, 6, 5, 17, 0, tzinfo=dt.UTC)  # 6 June, 01:00 in Beijing
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC), tick=False) as clock:
        expulsion = expulsion_propose(
            by=world.user("secretariat"),
            membership=_member_b(world),
            grounds="违反保密条款。",
            body=council.body,
            deadline=deadline,
        )
        for persona, choice in (("council_member", "yes"), ("expert", "yes"), ("legal_representative", "no")):
            vote_cast(by=world.user(persona), motion=expulsion.motion, choice=choice)
        clock.move_to(deadline + dt.timedelta(days=9))
        c = Client()
        c.force_login(world.user("secretariat"))
        assert c.get(f"/en/governance/motions/{expulsion.motion.pk}/").status_code == 200
    expulsion.refresh_from_db()
    membership = _member_b(world)
    assert (expulsion.status, expulsion.decided_at, expulsion.rights_end_on, membership.left_on) == (
        "expelled",
        deadline,
        dt.date(2026, 6, 6),
        dt.date(2026, 6, 6),
    )
    assert Seat.objects.get(pk=council.member.pk).term_end == dt.date(2026, 6, 6)
