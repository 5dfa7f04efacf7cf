"""The demo's governance record for CSA: council, expert committee, secretariat, staff, liability member."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itisa.accounts.models import User
from itisa.governance.models import Body
from itisa.governance.services import body_create, liability_designate, seat_add, staff_add
from itisa.ops import demo_data
from itisa.registry.models import Alliance, Organisation

TERM = dt.date(2024, 10, 12)


def load_demo_governance(*, alliance: Alliance, secretariat: User) -> None:
    """Create CSA's bodies, seats, staff and liability designation once (nothing if bodies exist)."""
    if Body.objects.filter(alliance=alliance).exists():
        return
    chair, vice = demo_data._fictional_code(1), demo_data._fictional_code(2)
    orgs = {
        o.uscc: o
        for o in Organisation.objects.filter(
            memberships__alliance=alliance, memberships__left_on__isnull=True
        )
    }
    council = body_create(
        by=secretariat, alliance=alliance, body_type="council", name_zh="理事会", name_en="Council",
        duties_zh="审议联盟发展规划、年度计划、经费预算和重大事项", rules={"preset": "two_thirds_present"},
        adopted_on=TERM, is_demo=True,
    )  # fmt: skip
    seats: list[tuple[str, str, str, Any]] = [
        (chair, "演示法人1", "chair", User.objects.filter(username="council").first()),
        (vice, "演示法人2", "vice_chair", None),
        ("12100000400000624D", "清华大学代表（演示）", "member", None),
        ("12100000400012342E", "计算所代表（演示）", "member", None),
    ]
    for uscc, holder, role, user in seats:
        if uscc in orgs:
            seat_add(by=secretariat, body=council, organisation=orgs[uscc], holder_name=holder, role=role,
                     term_start=TERM, term_end=dt.date(2029, 10, 11), representative=user, is_demo=True)  # fmt: skip
    experts = body_create(
        by=secretariat, alliance=alliance, body_type="expert_committee", name_zh="专家委员会", name_en="Expert committee",
        duties_zh="对技术路线、重大项目提供咨询", rules={"preset": "simple_majority_present"}, adopted_on=TERM, is_demo=True,
    )  # fmt: skip
    for holder, role in (("演示专家甲", "chair"), ("演示专家乙", "member"), ("演示专家丙", "member")):
        seat_add(by=secretariat, body=experts, holder_name=holder, role=role, term_start=TERM, is_demo=True)
    body_create(
        by=secretariat, alliance=alliance, body_type="secretariat", name_zh="秘书处", name_en="Secretariat",
        duties_zh="负责联盟日常工作", adopted_on=TERM, is_demo=True,
    )  # fmt: skip
    host = orgs.get(chair)
    for name, position, full_time in (
        ("演示秘书长", "秘书长", True),
        ("演示干事", "项目主管", True),
        ("演示联络员", "联络员", False),
    ):
        staff_add(by=secretariat, alliance=alliance, name=name, position=position, full_time=full_time, since=TERM,
                  employer=host, is_demo=True)  # fmt: skip
    if host is not None:
        liability_designate(by=secretariat, alliance=alliance, organisation=host, since=TERM)
