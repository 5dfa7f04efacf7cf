"""The demo's R&D projects for CSA (issue 16): one running, one proposed.

P001 (大功率LED芯片外延与封装共性技术) is led by the chair unit with the vice-chair unit and Tsinghua
University taking part, serves the agreement's first goal, is funded by the demo government grant and
by the chair unit's own funds (a contributions fund of the book), and was approved by the council in a
ballot every seat voted in (through the services: put to the vote, votes cast, closed by the
secretariat). It runs: its first milestone is done with evidence (reported by the vice-chair unit's
contact), the second is overdue, the third is due later, and three posted entries carry it, so budget
against actual shows numbers. P002 is proposed and waits for its vote.

Dates follow today as the governance demo's do (the council's term, its meetings and ballots run
around today, ``ops.demo_governance``): the project began 150 days ago, its milestones fall 30 and 7
days before and 180 days after today. The entries fall 20 days before today, and never before November
2026, because the ledger demo closes January to October 2026. Idempotent: nothing happens when the
alliance has projects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.accounts.models import User
from itisa.governance.models import Body, Seat
from itisa.governance.services import motion_close, vote_cast
from itisa.ledger.models import Book, Fund
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_submit, fund_create
from itisa.projects.models import Milestone, Project
from itisa.projects.services import (
    FundingInput,
    GoalInput,
    MilestoneInput,
    ParticipantInput,
    ProjectInput,
    evidence_add,
    funding_add,
    goal_add,
    milestone_add,
    milestone_done,
    milestone_mark_overdue,
    participant_add,
    project_create,
    project_move,
    project_put_to_vote,
)
from itisa.registry.models import Alliance, Organisation

CHAIR, VICE = "91320100D000000133", "91350200D00000021F"
THU, ICT = "12100000400000624D", "12100000400012342E"
GRANT_FUND = "半导体照明共性技术课题经费（演示）"
OWN_FUND = "成员自筹研发经费（演示）"
# the earliest day the demo posts into: the ledger demo closes January to October 2026
FIRST_OPEN_DAY = dt.date(2026, 11, 1)
# a minimal, valid one-page PDF standing in for the test report
DEMO_REPORT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def load_demo_projects(*, alliance: Alliance, secretariat: User, approver: User) -> None:
    """Once (nothing if the alliance has projects); needs the demo's book, council and agreement."""
    book = Book.objects.filter(alliance=alliance).first()
    council = Body.objects.filter(alliance=alliance, body_type="council").first()
    if Project.objects.filter(alliance=alliance).exists() or book is None or council is None:
        return
    today = timezone.localdate()
    orgs = {o.uscc: o for o in Organisation.objects.filter(uscc__in=[CHAIR, VICE, THU, ICT])}
    grant = Fund.objects.get(book=book, name_zh=GRANT_FUND)
    own = fund_create(by=secretariat, book=book, kind="contributions", name_zh=OWN_FUND)
    running = _running_project(alliance, secretariat, orgs, today, grant=grant, own=own)
    _approve(running, secretariat=secretariat, council=council)
    running = project_move(by=secretariat, project=running, to="running")
    _milestones(running, secretariat=secretariat, today=today)
    _postings(
        running, book=book, secretariat=secretariat, approver=approver, today=today, grant=grant, own=own
    )
    _proposed_project(alliance, secretariat, orgs, today)


def _running_project(
    alliance: Alliance, s: User, orgs: dict[str, Organisation], today: dt.date, *, grant: Fund, own: Fund
) -> Project:
    project = project_create(
        by=s, alliance=alliance, is_demo=True,
        data=ProjectInput(
            title_zh="大功率LED芯片外延与封装共性技术（演示）",
            title_en="Epitaxy and packaging of high-power LED chips (demo)",
            summary_zh="联合攻关大功率LED外延生长、芯片工艺与封装可靠性，形成可产业化的共性技术方案。",
            starts_on=today - dt.timedelta(days=150), ends_on=today + dt.timedelta(days=730),
            lead=orgs[CHAIR].pk, lead_task_zh="牵头总体方案、芯片工艺与中试线验证",
            lead_money="1500000.00", lead_people_months="48",
        ),
    )  # fmt: skip
    participant_add(by=s, project=project, data=ParticipantInput(
        organisation=orgs[VICE].pk, task_zh="外延材料生长与样品试制", money="800000.00", people_months="30",
    ))  # fmt: skip
    participant_add(by=s, project=project, data=ParticipantInput(
        organisation=orgs[THU].pk, task_zh="器件物理与封装可靠性研究", money="300000.00", people_months="24.5",
    ))  # fmt: skip
    goal_add(by=s, project=project, data=GoalInput(
        title_zh="芯片光效", target="产业化芯片光效≥200 lm/W", agreement_goal="突破大功率LED芯片与外延关键技术",
    ))  # fmt: skip
    goal_add(by=s, project=project, data=GoalInput(title_zh="封装可靠性", target="85℃/85%RH 1000小时光衰≤5%"))
    funding_add(by=s, project=project, data=FundingInput(
        kind="government_grant", fund=grant.pk, amount="600000.00",
    ))  # fmt: skip
    funding_add(by=s, project=project, data=FundingInput(
        kind="own_funds", fund=own.pk, amount="400000.00", organisation=orgs[CHAIR].pk,
    ))  # fmt: skip
    return project


def _approve(project: Project, *, secretariat: User, council: Body) -> None:
    """The council's ballot: every seat votes yes; the secretariat closes it once all have voted."""
    project = project_put_to_vote(
        by=secretariat, project=project, body=council, deadline=timezone.now() + dt.timedelta(days=7)
    )
    motion = project.motion
    if motion is None:  # pragma: no cover - project_put_to_vote sets it
        return
    on = timezone.localdate()
    seats = Seat.objects.filter(body=council, representative__isnull=False).select_related("representative")
    for seat in seats.order_by("pk"):
        if seat.term_start <= on and (seat.term_end is None or on <= seat.term_end):
            vote_cast(by=seat.representative, motion=motion, choice="yes")  # type: ignore[arg-type]
    motion_close(by=secretariat, motion=motion)


def _milestones(project: Project, *, secretariat: User, today: dt.date) -> None:
    s, start = secretariat, project.starts_on
    done = milestone_add(by=s, project=project, data=MilestoneInput(
        kind="milestone", title_zh="外延片样品试制", starts_on=start, due_on=today - dt.timedelta(days=30),
    ))  # fmt: skip
    late = milestone_add(by=s, project=project, data=MilestoneInput(
        kind="deliverable", title_zh="封装可靠性加速老化测试报告", starts_on=start + dt.timedelta(days=60),
        due_on=today - dt.timedelta(days=7),
    ))  # fmt: skip
    milestone_add(by=s, project=project, data=MilestoneInput(
        kind="milestone", title_zh="200 lm/W芯片中试验证", starts_on=today - dt.timedelta(days=7),
        due_on=today + dt.timedelta(days=180),
    ))  # fmt: skip
    # the vice-chair unit reports its sample run with the test report (its contact acts for it)
    contact = User.objects.filter(username="contact").first() or s
    evidence_add(by=contact, milestone=done, name="外延片样品检测报告（演示）.pdf", data=DEMO_REPORT)
    milestone_done(
        by=contact,
        milestone=done,
        done_on=today - dt.timedelta(days=35),
        note="样品经第三方检测合格（演示）。",
    )
    # the clock would mark it on its next tick or on the next page read; the demo settles it now
    milestone_mark_overdue(milestone=Milestone.objects.get(pk=late.pk), now=timezone.now())


# the demo project's entries (posted in this order, all on ``entry_date(today)``)
ENTRIES = (
    ("收到理事长单位项目自筹经费（P001）", (("1002", "own", "90000.00"), ("4101", "own", "-90000.00"))),
    ("P001 芯片流片加工费", (("5101", "grant", "25600.00"), ("1002", "grant", "-25600.00"))),
    ("P001 可靠性测试材料费", (("5101", "own", "12000.00"), ("1002", "own", "-12000.00"))),
)


def entry_date(today: dt.date) -> dt.date:
    """The day the demo project's entries are dated: 20 days ago, never before the first open period."""
    return max(today - dt.timedelta(days=20), FIRST_OPEN_DAY)


def _postings(
    project: Project, *, book: Book, secretariat: User, approver: User, today: dt.date, grant: Fund, own: Fund
) -> None:
    """The chair unit's own funds received, and two expenses of the project (every line carries it)."""
    date = entry_date(today)
    co = str(project.cost_object_id)
    funds = {"grant": grant, "own": own}
    for i, (memo, lines) in enumerate(ENTRIES, 1):
        postings = [
            {"account": a, "fund": str(funds[f].pk), "amount": x, "cost_object": co} for a, f, x in lines
        ]
        entry, _created = entry_draft(
            by=secretariat,
            book=book,
            date=date,
            memo=memo,
            postings=postings,
            idempotency_key=f"demo-p001-{i}",
        )
        _through(entry, secretariat, approver)


def _through(entry: Any, preparer: User, approver: User) -> Any:
    """Submit, approve (by another person) and post a drafted entry."""
    entry_submit(by=preparer, entry=entry)
    entry_approve(by=approver, entry=entry)
    return entry_post(by=preparer, entry=entry)


def _proposed_project(alliance: Alliance, s: User, orgs: dict[str, Organisation], today: dt.date) -> None:
    project = project_create(
        by=s, alliance=alliance, is_demo=True,
        data=ProjectInput(
            title_zh="智能照明控制与检测公共平台（演示）",
            title_en="Shared platform for smart lighting control and testing (demo)",
            starts_on=today + dt.timedelta(days=30), ends_on=today + dt.timedelta(days=570),
            lead=orgs[ICT].pk, lead_task_zh="控制系统架构与检测平台建设",
            lead_money="500000.00", lead_people_months="20",
        ),
    )  # fmt: skip
    participant_add(by=s, project=project, data=ParticipantInput(
        organisation=orgs[CHAIR].pk, task_zh="应用示范与联盟标准草案", money="200000.00", people_months="8",
    ))  # fmt: skip
    goal_add(by=s, project=project, data=GoalInput(
        title_zh="联盟标准", target="形成智能照明控制接口联盟标准草案2项",
        agreement_goal="制定半导体照明产品联盟标准",
    ))  # fmt: skip
