"""A council of four seats for the decision tests: two member seats, an expert, and a seat without an account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from itisa.governance.models import Body, Seat
from itisa.governance.services import body_create, seat_add

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
