"""A governance record for CSA built through the services at fixed times, for the 1.2 dossier tests.

The council of ``make_council`` (chair 张理事长 for 甲公司, member 李理事 for 乙大学, expert 王专家,
silent 赵专家 without an account) with rules v1 (two-thirds present) and v2 (simple majority present),
two staff members, 甲公司 bearing external liability, a meeting held with attendance (one proxy),
minutes and a motion passed there (3 of 4 seats voted; closed before the deadline) with its
resolution in progress, an open ballot with one abstention, and 比亚迪's application voted through
by the council (submitted → reviewed → voting → approved).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from itisa.governance.models import Resolution
from itisa.governance.services import (
    liability_designate,
    meeting_attendance_record,
    meeting_convene,
    meeting_minutes_record,
    motion_close,
    motion_open,
    resolution_assign,
    resolution_update,
    rules_adopt,
    staff_add,
    vote_cast,
)
from itisa.governance.tests.conftest import make_council
from itisa.membership.services import (
    AdmissionInput,
    application_put_to_vote,
    application_review,
    application_submit,
)

SH = ZoneInfo("Asia/Shanghai")
BYD = {
    "name_zh": "比亚迪股份有限公司",
    "uscc": "91440300192317458F",
    "kind": "enterprise",
    "ownership": "private",
    "province": "44",
    "region_code": "440300",
    "industry": "C",
    "legal_rep_name": "王传福",
    "contact_name": "李联络",
    "contact_phone": "0755-00000000",
    "contact_email": "contact@example.com",
    "intended_contribution": "投入车规级 LED 照明研发人员十名，开放检测平台。",
    "rank": "council",
}


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in 2026, Beijing time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SH)


@dataclass
class Clock:
    """What ``timezone.now()`` returns while a scenario runs."""

    now: dt.datetime

    def set(self, value: dt.datetime) -> None:
        self.now = value


def build_governance(aw: Any, clock: Clock) -> None:
    """The record described in the module docstring (``aw`` is the ``agreement_world`` fixture)."""
    world = aw.world
    s = world.user("secretariat")
    # the agreement's procedures name its member assembly only: the council adopts its own rules (below)
    version = aw.open_version(
        bodies=[
            {"kind": "decision", "name_zh": "成员大会", "duties_zh": "决定联盟重大事项"},
            {"kind": "executive", "name_zh": "秘书处", "duties_zh": "负责日常工作，配备专职人员"},
        ]
    )
    aw.sign(version, "a")
    aw.sign(version, "b")  # effective: 甲公司 may bear the external liability
    council = make_council(world)
    body = council.body
    rules_adopt(by=s, body=body, rules={"preset": "simple_majority_present"}, adopted_on=dt.date(2026, 2, 1))
    staff_add(by=s, alliance=world.csa, name="王秘书长", position="秘书长", full_time=True,
              since=dt.date(2026, 1, 1), employer=world.member_a)  # fmt: skip
    staff_add(by=s, alliance=world.csa, name="陈联络员", position="联络员", full_time=False,
              since=dt.date(2026, 1, 1), employer_name="某咨询公司")  # fmt: skip
    liability_designate(by=s, alliance=world.csa, organisation=world.member_a, since=dt.date(2026, 1, 1))

    clock.set(at(2, 2, 10))
    meeting = meeting_convene(by=s, body=body, kind="regular", title_zh="第一届理事会第二次会议",
                              starts_at=at(2, 20, 9), ends_at=at(2, 20, 12), location="北京")  # fmt: skip
    plan = motion_open(by=s, body=body, title_zh="关于年度工作计划的议案", method="meeting", meeting=meeting,
                       text_zh="审议秘书处提交的年度工作计划。")  # fmt: skip
    clock.set(at(2, 20, 9, 30))
    meeting_attendance_record(by=s, meeting=meeting, seats=[council.chair, council.member, council.expert],
                              proxies={council.expert.pk: "王专家代理人"})  # fmt: skip
    for minute, persona, choice in (
        (0, "council_member", "yes"),
        (1, "legal_representative", "yes"),
        (2, "expert", "no"),
    ):
        vote_cast(by=world.user(persona), motion=plan, choice=choice, now=at(2, 20, 10, minute))
    clock.set(at(2, 20, 11, 30))
    motion_close(by=s, motion=plan)
    clock.set(at(2, 20, 14))
    meeting_minutes_record(by=s, meeting=meeting, minutes_zh="会议审议通过年度工作计划。")
    resolution = Resolution.objects.get(motion=plan)
    resolution_assign(by=s, resolution=resolution, responsible="联盟秘书处", due_on=dt.date(2026, 6, 30),
                      responsible_user=s)  # fmt: skip
    resolution_update(by=s, resolution=resolution, status="in_progress", note="已分解为三项任务。")

    clock.set(at(3, 1, 9))
    ballot = motion_open(by=s, body=body, title_zh="关于设立标准工作组的议案", method="ballot",
                         deadline=at(3, 8, 18))  # fmt: skip
    vote_cast(by=world.user("expert"), motion=ballot, choice="abstain", now=at(3, 2, 10))

    clock.set(at(3, 3, 10))
    application = application_submit(
        by=world.user("outsider"), alliance=world.csa, data=AdmissionInput(**BYD)
    )
    clock.set(at(3, 4, 10))
    application_review(by=s, application=application, comment="材料齐全。")
    clock.set(at(3, 5, 10))
    application = application_put_to_vote(by=s, application=application, body=body, deadline=at(3, 12, 18))
    assert application.motion is not None
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=application.motion, choice="yes", now=at(3, 6, 10))
    clock.set(at(3, 13, 9))
    motion_close(by=s, motion=application.motion)
