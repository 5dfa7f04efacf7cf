"""The demo's governance record for CSA: council, expert committee, secretariat, staff, liability member."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from itisa.accounts.models import User
from itisa.governance.models import Body, Resolution, Seat
from itisa.governance.services import (
    body_create,
    liability_designate,
    meeting_attendance_record,
    meeting_convene,
    meeting_minutes_record,
    motion_close,
    motion_open,
    resolution_assign,
    resolution_update,
    seat_add,
    staff_add,
    vote_cast,
)
from itisa.ops import demo_data
from itisa.registry.memberships import active_members_q
from itisa.registry.models import Alliance, Organisation


def council_term(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo council's five-year term, running today: it began on 12 October two years before today's
    year (so on 2026-12-06: 2024-10-12 to 2029-10-11). A fixed term made the demo fail to load once it
    had run out (its members could no longer vote), a date bomb the ten-year clock shift found."""
    start = dt.date(today.year - 2, 10, 12)
    return start, dt.date(start.year + 5, 10, 11)


def load_demo_governance(*, alliance: Alliance, secretariat: User) -> None:
    """Create CSA's bodies, seats, staff and liability designation once (nothing if bodies exist)."""
    if Body.objects.filter(alliance=alliance).exists():
        return
    term, term_end = council_term(timezone.localdate())
    chair, vice = demo_data._fictional_code(1), demo_data._fictional_code(2)
    orgs = {o.uscc: o for o in Organisation.objects.filter(active_members_q(alliance))}
    council = body_create(
        by=secretariat, alliance=alliance, body_type="council", name_zh="理事会", name_en="Council",
        duties_zh="审议联盟发展规划、年度计划、经费预算和重大事项", rules={"preset": "two_thirds_present"},
        adopted_on=term, is_demo=True,
    )  # fmt: skip

    def account(username: str) -> Any:
        return User.objects.filter(username=username).first()

    seats: list[tuple[str, str, str, Any]] = [
        (chair, "演示法人1", "chair", account("council")),
        (vice, "演示法人2", "vice_chair", account("legalrep")),
        ("12100000400000624D", "清华大学代表（演示）", "member", account("legalrep-thu")),
        ("12100000400012342E", "计算所代表（演示）", "member", account("legalrep-ict")),
    ]
    for uscc, holder, role, user in seats:
        if uscc in orgs:
            seat_add(by=secretariat, body=council, organisation=orgs[uscc], holder_name=holder, role=role,
                     term_start=term, term_end=term_end, representative=user, is_demo=True)  # fmt: skip
    experts = body_create(
        by=secretariat, alliance=alliance, body_type="expert_committee", name_zh="专家委员会", name_en="Expert committee",
        duties_zh="对技术路线、重大项目提供咨询", rules={"preset": "simple_majority_present"}, adopted_on=term, is_demo=True,
    )  # fmt: skip
    for holder, role in (("演示专家甲", "chair"), ("演示专家乙", "member"), ("演示专家丙", "member")):
        seat_add(by=secretariat, body=experts, holder_name=holder, role=role, term_start=term, is_demo=True)
    body_create(
        by=secretariat, alliance=alliance, body_type="secretariat", name_zh="秘书处", name_en="Secretariat",
        duties_zh="负责联盟日常工作", adopted_on=term, is_demo=True,
    )  # fmt: skip
    host = orgs.get(chair)
    for name, position, full_time in (
        ("演示秘书长", "秘书长", True),
        ("演示干事", "项目主管", True),
        ("演示联络员", "联络员", False),
    ):
        staff_add(by=secretariat, alliance=alliance, name=name, position=position, full_time=full_time, since=term,
                  employer=host, is_demo=True)  # fmt: skip
    if host is not None:
        liability_designate(by=secretariat, alliance=alliance, organisation=host, since=term)
    load_demo_decisions(council=council, secretariat=secretariat)


def load_demo_decisions(*, council: Body, secretariat: User) -> None:
    """A council meeting held last month (attendance, minutes, a passed motion and its resolution),
    an open ballot with one vote, and a meeting convened for next month. Dates follow today."""
    now = timezone.now().replace(second=0, microsecond=0)
    seats = list(Seat.objects.filter(body=council).select_related("representative").order_by("pk"))
    start = now - dt.timedelta(days=30)
    held = meeting_convene(
        by=secretariat, body=council, kind="regular", title_zh="第二届理事会第三次会议", starts_at=start,
        ends_at=start + dt.timedelta(hours=3), location="北京市海淀区（演示）", is_demo=True,
        now=start - dt.timedelta(days=15),
    )  # fmt: skip
    plan = motion_open(
        by=secretariat, body=council, title_zh="关于审议联盟年度工作计划的议案", method="meeting", meeting=held,
        text_zh="审议秘书处提交的年度工作计划，包括共性技术攻关、标准制定和成果推广三项重点任务。",
        now=start - dt.timedelta(days=10),
    )  # fmt: skip
    meeting_attendance_record(by=secretariat, meeting=held, seats=seats)
    for seat, choice in zip(seats, ("yes", "yes", "yes", "abstain"), strict=False):
        if seat.representative is not None:
            vote_cast(by=seat.representative, motion=plan, choice=choice, now=start + dt.timedelta(hours=1))
    motion_close(by=secretariat, motion=plan, now=start + dt.timedelta(hours=3))
    meeting_minutes_record(
        by=secretariat, meeting=held,
        minutes_zh="会议由理事长主持。出席理事单位四家，达到法定人数。会议审议通过了联盟年度工作计划，"
        "责成秘书处组织实施并于年底前报告执行情况。",
    )  # fmt: skip
    resolution = Resolution.objects.get(motion=plan)
    resolution_assign(
        by=secretariat, resolution=resolution, responsible="联盟秘书处", responsible_user=secretariat,
        due_on=timezone.localdate() + dt.timedelta(days=60),
    )  # fmt: skip
    resolution_update(
        by=secretariat, resolution=resolution, status="in_progress", note="已分解为三个专项工作组。"
    )
    ballot = motion_open(
        by=secretariat, body=council, title_zh="关于接纳新成员单位的议案", method="ballot",
        text_zh="拟接纳一家从事照明芯片研发的企业为联盟成员单位，请各理事单位书面表决。",
        deadline=now + dt.timedelta(days=5),
    )  # fmt: skip
    thu = next((s for s in seats if s.representative and s.representative.username == "legalrep-thu"), None)
    if thu is not None and thu.representative is not None:
        vote_cast(by=thu.representative, motion=ballot, choice="yes")
    nxt = now + dt.timedelta(days=21)
    meeting_convene(
        by=secretariat, body=council, kind="regular", title_zh="第二届理事会第四次会议", starts_at=nxt,
        ends_at=nxt + dt.timedelta(hours=3), location="深圳市南山区（演示）", is_demo=True,
    )  # fmt: skip
