"""A council of four seats for the decision tests: two member seats, an expert, and a seat without an account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from itisa.accounts.models import User
from itisa.governance.models import Body, Motion, Seat
from itisa.governance.services import body_create, motion_close, motion_open, seat_add, vote_cast

TERM = dt.date(2026, 1, 1)


@dataclass
class Council:
    body: Body
    chair: Seat  # member_a, represented by council_member
    member: Seat  # member_b, represented by legal_representative
    expert: Seat  # an individual expert, represented by expert
    silent: Seat  # an expert with no account


@pytest.fixture
def council(world: Any) -> Council:
    return make_council(world)


def make_council(world: Any) -> Council:
    """CSA's council: chair (member_a, council_member), member (member_b, legal_representative), expert, silent."""
    s = world.user("secretariat")
    body = body_create(by=s, alliance=world.csa, body_type="council", name_zh="理事会", adopted_on=TERM)
    chair = seat_add(
        by=s,
        body=body,
        holder_name="张理事长",
        role="chair",
        term_start=TERM,
        organisation=world.member_a,
        representative=world.user("council_member"),
    )
    member = seat_add(
        by=s,
        body=body,
        holder_name="李理事",
        role="member",
        term_start=TERM,
        organisation=world.member_b,
        representative=world.user("legal_representative"),
    )
    expert = seat_add(
        by=s,
        body=body,
        holder_name="王专家",
        role="member",
        term_start=TERM,
        representative=world.user("expert"),
    )
    silent = seat_add(by=s, body=body, holder_name="赵专家", role="member", term_start=TERM)
    return Council(body, chair, member, expert, silent)


# --- a closed ballot with named voters (who sees whose name: test_voter_names, api test_voter_names_api) ---
BALLOT_OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
"""Pin the clock after this (e.g. a day later) before ``make_closed_ballot``."""
VOTER_NAMES = {
    "secretariat": "秘书处王",
    "council_member": "陈委员",
    "legal_representative": "刘代表",
    "expert": "周专家",
}


def name_the_voters() -> None:
    """Give the secretariat and the three voting personas display names unlike their logins."""
    for username, name in VOTER_NAMES.items():
        User.objects.filter(username=username).update(display_name=name)


def make_closed_ballot(world: Any, council: Council) -> Motion:
    """A ballot of the council, voted at 09:01/09:02/09:03 by the chair (yes), the member (no) and the
    expert (abstain), then closed by the secretariat (the silent seat never votes)."""
    name_the_voters()
    motion = motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh="关于增补理事单位的议案",
        method="ballot",
        deadline=BALLOT_OPENED + dt.timedelta(days=7),
        now=BALLOT_OPENED,
    )
    for minutes, (persona, choice) in enumerate(
        (("council_member", "yes"), ("legal_representative", "no"), ("expert", "abstain")), start=1
    ):
        vote_cast(
            by=User.objects.get(username=persona),
            motion=motion,
            choice=choice,
            now=BALLOT_OPENED + dt.timedelta(minutes=minutes),
        )
    return motion_close(by=User.objects.get(username="secretariat"), motion=motion, comment="")
