"""Governance duties in the to-do list: a vote per seat (two seats, two votes), meetings to attend,
resolutions to carry out (overdue after their due day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from itisa.governance.models import Resolution
from itisa.governance.services import (
    meeting_convene,
    motion_close,
    motion_open,
    resolution_assign,
    seat_add,
    vote_cast,
)
from itisa.governance.tests.conftest import TERM
from itisa.notifications.todo import todos_for
from tests.todo_helpers import items, local

NOW = local(2026, 3, 2, 10, 0)


def test_a_seat_holder_votes_once_per_seat_until_the_deadline(world: Any, council: Any) -> None:
    rep = world.user("legal_representative")
    # the legal representative also holds an individual seat: two seats, two votes to cast
    second = seat_add(
        by=world.user("secretariat"), body=council.body, holder_name="李专家", role="member",
        term_start=TERM, representative=rep,
    )  # fmt: skip
    with time_machine.travel(NOW, tick=False) as clock:
        motion = motion_open(
            by=world.user("secretariat"), body=council.body, title_zh="关于增补理事单位的议案",
            method="ballot", deadline=local(2026, 3, 9, 18, 0),
        )  # fmt: skip
        url = f"/en/governance/motions/{motion.pk}/"
        vote = ("governance.motion.vote", "Vote on Motion No. 1: 关于增补理事单位的议案")
        due = dt.date(2026, 3, 9)
        assert items(rep) == [
            (*vote, "理事会 · 李理事", url, "CSA", due, False),
            (*vote, "理事会 · 李专家", url, "CSA", due, False),
        ]
        assert items(world.user("council_member")) == [(*vote, "理事会 · 张理事长", url, "CSA", due, False)]
        assert items(world.user("member_contact")) == []
        assert items(world.user("secretariat")) == []
        vote_cast(by=rep, motion=motion, choice="yes", seat=council.member)  # the first seat (李理事) votes
        assert items(rep) == [(*vote, "理事会 · 李专家", url, "CSA", due, False)]
        assert [t.ref for t in todos_for(rep)] == [f"motion:{motion.pk}:seat:{second.pk}"]
        clock.move_to(local(2026, 3, 9, 18, 1))  # past the deadline: nobody can vote any more
        assert items(rep) == []
        assert items(world.user("council_member")) == []


def test_seat_holders_attend_their_bodys_meetings_until_they_end(world: Any, council: Any) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        meeting = meeting_convene(
            by=world.user("secretariat"), body=council.body, kind="regular", title_zh="第三届理事会第二次会议",
            starts_at=local(2026, 3, 20, 9, 0), ends_at=local(2026, 3, 20, 12, 0), location="北京",
        )  # fmt: skip
        attend = (
            "governance.meeting.attend",
            "Attend 第三届理事会第二次会议",
            "理事会 · 北京",
            f"/en/governance/meetings/{meeting.pk}/",
            "CSA",
            dt.date(2026, 3, 20),
        )
        for persona in ("council_member", "legal_representative", "expert"):
            assert items(world.user(persona)) == [(*attend, False)]
        assert items(world.user("secretariat")) == []
        clock.move_to(local(2026, 3, 20, 11, 0))  # under way: still to attend, and not overdue
        assert items(world.user("expert")) == [(*attend, False)]
        clock.move_to(local(2026, 3, 20, 12, 0))
        assert items(world.user("expert")) == []


def test_the_responsible_account_carries_out_a_resolution_overdue_after_its_due_day(
    world: Any, council: Any
) -> None:
    doer = world.user("member_contact")
    with time_machine.travel(NOW, tick=False) as clock:
        motion = motion_open(
            by=world.user("secretariat"), body=council.body, title_zh="关于年度预算的议案", method="ballot",
            deadline=local(2026, 3, 9, 18, 0),
        )  # fmt: skip
        for persona in ("council_member", "legal_representative", "expert"):
            vote_cast(by=world.user(persona), motion=motion, choice="yes")
        motion_close(by=world.user("secretariat"), motion=motion)
        resolution_assign(
            by=world.user("secretariat"), resolution=Resolution.objects.get(motion=motion), responsible="",
            responsible_user=doer, due_on=dt.date(2026, 4, 30),
        )  # fmt: skip
        row = (
            "governance.resolution.carry_out",
            "Carry out Motion No. 1: 关于年度预算的议案",
            "理事会",
            f"/en/governance/motions/{motion.pk}/",
            "CSA",
            dt.date(2026, 4, 30),
        )
        assert items(doer) == [(*row, False)]
        clock.move_to(local(2026, 4, 30, 23, 59))
        assert items(doer) == [(*row, False)]
        clock.move_to(local(2026, 5, 1, 0, 0))
        assert items(doer) == [(*row, True)]
