"""A CSA standard for the tests: S0001, a group standard led by member_a (甲公司) with member_b (乙大学)
drafting, at the proposal stage; CSA's council of four seats votes (governance's ``make_council``). A
third active member, 丙研究院, whose contact (``c_contact``) is a contact of another member. The clock is
frozen at ``NOW`` (Beijing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.governance.models import Motion
from itisa.governance.services import motion_close, vote_cast
from itisa.governance.tests.conftest import Council, make_council
from itisa.notifications.models import Notification
from itisa.standards.models import (
    DraftingMember,
    IprDeclaration,
    StageChange,
    StandardProject,
    VoteRound,
)
from itisa.standards.services import (
    DeclarationInput,
    DrafterInput,
    StandardInput,
    declaration_file,
    drafter_add,
    round_open,
    standard_create,
    vote_open,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
PATENT = "ZL201811564288.X"  # /work/shared/data/cn-patent-samples.csv: a valid CNIPA invention number
TABLES = (
    StandardProject,
    DraftingMember,
    StageChange,
    VoteRound,
    IprDeclaration,
    Motion,
    AuditEntry,
    Notification,
)


def counts() -> dict[str, int]:
    """Rows of every table standards writes (and the motions, the inbox and the audit chain)."""
    return {model.__name__: model.objects.count() for model in TABLES}


@dataclass
class StandardWorld:
    world: Any
    council: Council
    standard: StandardProject
    member_c: Any
    c_contact: Any

    def user(self, persona: str) -> Any:
        return self.world.user(persona)

    @property
    def secretariat(self) -> Any:
        return self.world.user("secretariat")


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_standard(
    world: Any, *, title: str = "半导体照明 LED 芯片测试方法", level: str = "group"
) -> StandardProject:
    s = world.user("secretariat")
    standard = standard_create(
        by=s, alliance=world.csa,
        data=StandardInput(level=level, title_zh=title, title_en="LED chip test methods", committee="CSA/TC1",
                           lead=world.member_a.pk),
    )  # fmt: skip
    drafter_add(by=s, standard=standard, data=DrafterInput(organisation=world.member_b.pk))
    return standard


@pytest.fixture
def sw(world: Any, clock: Any) -> StandardWorld:
    council = make_council(world)
    member_c = OrganisationFactory(name_zh="丙研究院")
    MembershipFactory(
        alliance=world.csa, organisation=member_c, rank="ordinary", joined_on=dt.date(2010, 1, 1)
    )
    c_contact = UserFactory(username="c_contact", display_name="c_contact")
    RoleAssignment.objects.create(
        user=c_contact, role="member_contact", alliance=world.csa, organisation=member_c
    )
    return StandardWorld(world, council, make_standard(world), member_c, c_contact)


def none_needed(org: Any, **kw: Any) -> DeclarationInput:
    return DeclarationInput(organisation=org.pk, holds_essential=False, licensing="none_needed", **kw)


def rand(org: Any, **kw: Any) -> DeclarationInput:
    return DeclarationInput(
        organisation=org.pk, holds_essential=True, patents=[PATENT], licensing="rand", **kw
    )


def declare_all(sw: StandardWorld) -> None:
    """member_b's contact declares none needed; the secretariat records member_a's RAND declaration."""
    round_open(by=sw.secretariat, standard=sw.standard)
    declaration_file(by=sw.user("member_contact"), standard=sw.standard, data=none_needed(sw.world.member_b))
    declaration_file(
        by=sw.secretariat, standard=sw.standard, data=rand(sw.world.member_a, document_ref="CSA-IPR-2026-01")
    )


def open_vote(sw: StandardWorld) -> VoteRound:
    return vote_open(
        by=sw.secretariat, standard=sw.standard, body=sw.council.body, deadline=NOW + dt.timedelta(days=7)
    )


def decide(sw: StandardWorld, choice: str) -> None:
    """The council members with a vote answer ``choice``; the secretariat closes the ballot."""
    row = VoteRound.objects.get(standard=sw.standard, outcome="open")
    assert row.motion is not None
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=User.objects.get(username=persona), motion=row.motion, choice=choice)
    motion_close(by=sw.secretariat, motion=row.motion)


def every_record(world: Any) -> dict[str, Any]:
    """One row of every write-once table of standards, each through its service (for the sealed-records
    and immutability tests): the standard's first stage change and a declaration."""
    with time_machine.travel(NOW, tick=False):
        standard = make_standard(world)
        round_open(by=world.user("secretariat"), standard=standard)
        declaration = declaration_file(
            by=world.user("member_contact"), standard=standard, data=none_needed(world.member_b)
        )
    return {"standards_stagechange": standard.stage_changes.get(), "standards_iprdeclaration": declaration}
