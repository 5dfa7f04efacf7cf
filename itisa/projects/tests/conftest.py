"""A CSA project for the tests: CSA keeps a book (dues and a grant fund) and has a council of four seats;
P001 is led by member_a with member_b taking part, one goal, a grant funding source and two milestones.
The clock is frozen at ``NOW`` (Beijing), derived from nothing but itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.accounts.models import User
from itisa.governance.services import motion_close, vote_cast
from itisa.governance.tests.conftest import Council, make_council
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_submit
from itisa.ledger.tests.conftest import Books, make_books
from itisa.projects.models import Milestone, Project
from itisa.projects.services import (
    FundingInput,
    GoalInput,
    MilestoneInput,
    ParticipantInput,
    ProjectInput,
    funding_add,
    goal_add,
    milestone_add,
    participant_add,
    project_create,
    project_move,
    project_put_to_vote,
)

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
START = dt.date(2026, 3, 1)
END = dt.date(2027, 12, 31)


@dataclass
class ProjectWorld:
    world: Any
    books: Books
    council: Council
    project: Project
    m1: Milestone  # due 2026-06-30
    m2: Milestone  # due 2027-12-31

    def user(self, persona: str) -> Any:
        return self.world.user(persona)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_project(world: Any, books: Books, *, title: str = "大功率 LED 芯片共性技术") -> Project:
    s = world.user("secretariat")
    project = project_create(
        by=s,
        alliance=world.csa,
        data=ProjectInput(
            title_zh=title, starts_on=START, ends_on=END, lead=world.member_a.pk,
            lead_task_zh="外延与芯片工艺", lead_money="1200000.00", lead_people_months="36.5",
        ),
    )  # fmt: skip
    participant_add(
        by=s,
        project=project,
        data=ParticipantInput(
            organisation=world.member_b.pk, task_zh="可靠性测试", money="300000.00", people_months="12"
        ),
    )
    goal_add(by=s, project=project, data=GoalInput(title_zh="光效", target="≥ 200 lm/W"))
    funding_add(
        by=s,
        project=project,
        data=FundingInput(kind="government_grant", fund=books.grant.pk, amount="3000000.00"),
    )
    return project


def approve(pw: ProjectWorld) -> Project:
    """Put the project to the council and pass it (chair and member yes, expert yes), closed by the secretariat."""
    s = pw.user("secretariat")
    project = project_put_to_vote(
        by=s, project=pw.project, body=pw.council.body, deadline=NOW + dt.timedelta(days=7)
    )
    assert project.motion is not None
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=User.objects.get(username=persona), motion=project.motion, choice="yes")
    motion_close(by=s, motion=project.motion)
    project.refresh_from_db()
    return project


def run(pw: ProjectWorld) -> Project:
    approve(pw)
    return project_move(by=pw.user("secretariat"), project=pw.project, to="running")


def post_expense(
    pw: ProjectWorld, amount: str, *, key: str, cost_object: Any = "auto", fund: Any = None
) -> Any:
    """A posted entry: expense 5101 debit for the project, bank 1002 credit, both on the grant fund."""
    s, other = pw.user("secretariat"), pw.user("national_officer")
    co = pw.project.cost_object_id if cost_object == "auto" else cost_object
    fund_id = str((fund or pw.books.grant).pk)
    entry, _created = entry_draft(
        by=s, book=pw.books.book, date=dt.date(2026, 3, 2), memo="芯片流片费", idempotency_key=key,
        postings=[
            {"account": "5101", "fund": fund_id, "amount": amount, "cost_object": co},
            {"account": "1002", "fund": fund_id, "amount": f"-{amount}", "cost_object": co},
        ],
    )  # fmt: skip
    entry_submit(by=s, entry=entry)
    entry_approve(by=other, entry=entry)
    return entry_post(by=s, entry=entry)


@pytest.fixture
def pw(world: Any, clock: Any) -> ProjectWorld:
    books = make_books(world, second_approval_above=None)
    council = make_council(world)
    project = make_project(world, books)
    s = world.user("secretariat")
    m1 = milestone_add(
        by=s, project=project,
        data=MilestoneInput(kind="milestone", title_zh="外延片样品", starts_on=START, due_on=dt.date(2026, 6, 30)),
    )  # fmt: skip
    m2 = milestone_add(
        by=s, project=project,
        data=MilestoneInput(kind="deliverable", title_zh="验收报告", starts_on=dt.date(2027, 7, 1), due_on=END),
    )  # fmt: skip
    project.refresh_from_db()
    return ProjectWorld(world, books, council, project, m1, m2)


@pytest.fixture
def expert_pool(world: Any) -> list[Any]:
    """Two experts of the pilot program's pool from organisations outside the project, with accounts."""
    from itisa.pilots.services import expert_create
    from tests.factories import OrganisationFactory, UserFactory

    national = world.user("national_officer")
    experts = []
    # fixed credit codes: the dossier export test names them (a factory sequence depends on the tests before)
    for i, (name, uscc) in enumerate((("钱专家", "91110108T00000044Y"), ("孙专家", "91110108T00000052R"))):
        org = OrganisationFactory(name_zh=f"外部研究院{i}", uscc=uscc)
        user = UserFactory(username=f"pool{i}", display_name=name)
        experts.append(expert_create(by=national, user=user, name=name, organisation=org))
    return experts
