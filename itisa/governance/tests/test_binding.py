"""Which resolutions bind, and when (``selectors.binding_resolutions``): at once when the rules give no
veto window; after the window when no seat vetoed (whether or not the clock ran); never once vetoed.
The to-do list and the execution of a resolution follow the same test; the veto holders are told when
a decision waits for its window, and have a to-do until it closes.

CSA's council (conftest.py) with a 15-day veto window; the ballot is put on Monday 2026-03-02 10:00
Beijing time and closed the same day, so the window ends on 2026-03-17 10:00."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core.errors import InvalidTransition
from itisa.governance.models import Motion, Resolution
from itisa.governance.selectors import binding_resolutions
from itisa.governance.services import (
    motion_close,
    motion_open,
    resolution_assign,
    resolution_update,
    resolution_veto,
    rules_adopt,
    vote_cast,
)
from itisa.notifications.models import Notification
from tests.todo_helpers import items, local

NOW = local(2026, 3, 2, 10, 0)
WINDOW_ENDS = local(2026, 3, 17, 10, 0)
MAJORITY = {"quorum": "1/2", "quorum_comparison": "at_least", "threshold": "1/2", "threshold_comparison": "more_than",
            "threshold_base": "present", "abstentions_count_as_present": True}  # fmt: skip


def _passed(world: Any, council: Any, *, veto_days: int, choice: str = "yes") -> Motion:
    s = world.user("secretariat")
    rules_adopt(
        by=s, body=council.body, rules={**MAJORITY, "veto_days": veto_days},
        adopted_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    motion = motion_open(
        by=s,
        body=council.body,
        title_zh="关于年度预算的议案",
        method="ballot",
        deadline=local(2026, 3, 9, 18, 0),
    )
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice=choice)
    return motion_close(by=s, motion=motion)


def _binding(world: Any, at: dt.datetime) -> list[int]:
    return list(binding_resolutions(world.csa, at).values_list("motion_id", flat=True))


def test_without_a_veto_window_a_resolution_binds_from_its_closing(world: Any, council: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        motion = _passed(world, council, veto_days=0)
    assert _binding(world, NOW) == [motion.pk]
    assert _binding(world, NOW - dt.timedelta(seconds=1)) == []


def test_a_failed_motion_never_binds(world: Any, council: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        _passed(world, council, veto_days=0, choice="no")
    assert _binding(world, NOW + dt.timedelta(days=30)) == []


def test_a_resolution_binds_once_its_veto_window_is_over_even_before_the_clock_runs(
    world: Any, council: Any
) -> None:
    with time_machine.travel(NOW, tick=False):
        motion = _passed(world, council, veto_days=15)
    assert Resolution.objects.get(motion=motion).effect == "pending_veto"
    assert _binding(world, WINDOW_ENDS) == []  # a veto at the window's last moment still counts
    assert _binding(world, WINDOW_ENDS + dt.timedelta(seconds=1)) == [motion.pk]
    assert Resolution.objects.get(motion=motion).effect == "pending_veto"  # no clock ran


def test_a_vetoed_resolution_never_binds(world: Any, council: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        motion = _passed(world, council, veto_days=15)
        resolution_veto(
            by=world.user("expert"), resolution=Resolution.objects.get(motion=motion), reason="严重影响"
        )
    assert _binding(world, WINDOW_ENDS + dt.timedelta(days=30)) == []


def test_a_resolution_is_carried_out_only_once_it_binds(world: Any, council: Any) -> None:
    doer = world.user("member_contact")
    with time_machine.travel(NOW, tick=False) as clock:
        motion = _passed(world, council, veto_days=15)
        resolution = resolution_assign(
            by=world.user("secretariat"), resolution=Resolution.objects.get(motion=motion), responsible="",
            responsible_user=doer, due_on=dt.date(2026, 4, 30),
        )  # fmt: skip
        assert [i for i in items(doer) if i[0] == "governance.resolution.carry_out"] == []
        before = (Resolution.objects.get(pk=resolution.pk).status, AuditEntry.objects.count())
        with pytest.raises(InvalidTransition) as refused:
            resolution_update(by=doer, resolution=resolution, status="in_progress", note="开始")
        assert refused.value.message == (
            "This resolution does not bind (its veto window is open, or it was vetoed): it is not carried out."
        )
        assert (Resolution.objects.get(pk=resolution.pk).status, AuditEntry.objects.count()) == before
        clock.move_to(WINDOW_ENDS + dt.timedelta(minutes=1))
        assert items(doer) == [
            ("governance.resolution.carry_out", "Carry out Motion No. 1: 关于年度预算的议案", "理事会",
             f"/en/governance/motions/{motion.pk}/", "CSA", dt.date(2026, 4, 30), False),
        ]  # fmt: skip
        assert resolution_update(by=doer, resolution=resolution, status="in_progress").status == "in_progress"


def test_a_vetoed_resolution_leaves_the_to_do_list(world: Any, council: Any) -> None:
    doer = world.user("member_contact")
    with time_machine.travel(NOW, tick=False) as clock:
        motion = _passed(world, council, veto_days=15)
        resolution = Resolution.objects.get(motion=motion)
        resolution_assign(by=world.user("secretariat"), resolution=resolution, responsible="", responsible_user=doer,
                          due_on=dt.date(2026, 4, 30))  # fmt: skip
        resolution_veto(by=world.user("expert"), resolution=resolution, reason="严重影响")
        clock.move_to(WINDOW_ENDS + dt.timedelta(days=1))
        assert [i for i in items(doer) if i[0] == "governance.resolution.carry_out"] == []


def test_the_veto_holders_are_told_and_have_a_to_do_until_the_window_closes(world: Any, council: Any) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        motion = _passed(world, council, veto_days=15)
        url = f"/en/governance/motions/{motion.pk}/"
        row = ("governance.resolution.veto", "Veto or accept Motion No. 1: 关于年度预算的议案",
               "理事会 · %s: until 17 Mar 2026 10:00", url, "CSA", dt.date(2026, 3, 17), False)  # fmt: skip
        # every listed seat's representative; the seat without an account has no one to tell
        holders = {"council_member": "张理事长", "legal_representative": "李理事", "expert": "王专家"}
        told = Notification.objects.filter(kind="governance.resolution.veto_window").order_by(
            "recipient__username"
        )
        assert [(n.recipient.username, n.url) for n in told] == [
            (p, url.removeprefix("/en")) for p in sorted(holders)
        ]
        for persona, holder in holders.items():
            assert [i for i in items(world.user(persona)) if i[0] == row[0]] == [
                (row[0], row[1], row[2] % holder, *row[3:])
            ]
        assert [i for i in items(world.user("secretariat")) if i[0] == row[0]] == []
        clock.move_to(WINDOW_ENDS)  # the last moment: a veto still counts
        assert len([i for i in items(world.user("expert")) if i[0] == row[0]]) == 1
        clock.move_to(WINDOW_ENDS + dt.timedelta(seconds=1))
        for persona in holders:
            assert [i for i in items(world.user(persona)) if i[0] == row[0]] == []


def test_once_a_seat_vetoes_nobody_is_asked_to_veto_any_more(world: Any, council: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        motion = _passed(world, council, veto_days=15)
        resolution_veto(
            by=world.user("expert"), resolution=Resolution.objects.get(motion=motion), reason="严重影响"
        )
        for persona in ("council_member", "legal_representative", "expert"):
            assert [i for i in items(world.user(persona)) if i[0] == "governance.resolution.veto"] == []
