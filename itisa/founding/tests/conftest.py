"""Helpers of the proposal tests: a proposer with no role, the proposal's input (a national alliance of
甲公司 and 乙大学 hosted by 甲公司, or a regional one of Shandong hosted by 鲁煤集团), and counts of what a
refusal must not change."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.founding.models import AllianceProposal
from itisa.founding.services import ProposalInput, proposal_create
from itisa.membership.models import Membership
from itisa.notifications.models import Notification
from itisa.registry.models import Alliance
from tests.factories import UserFactory


@pytest.fixture
def proposer(world: Any) -> User:
    user: User = UserFactory(username="proposer", display_name="王敏")
    return user


def national_input(world: Any, **kw: Any) -> ProposalInput:
    data: dict[str, Any] = {
        "code": "NEV", "name_zh": "新能源汽车产业技术创新战略联盟", "name_en": "New Energy Vehicle Alliance",
        "scope": "national", "industry": "C", "key_area": "transport",
        "founders": (world.member_a.uscc, world.member_b.uscc), "host_unit": world.member_a.uscc,
        "contact_name": "王敏", "contact_phone": "010-12345678", "contact_email": "wang@example.cn",
        "purpose": "联合攻关动力电池关键技术。", **kw,
    }  # fmt: skip
    return ProposalInput(**data)


def regional_input(world: Any, **kw: Any) -> ProposalInput:
    data: dict[str, Any] = {"code": "SDH", "name_zh": "山东氢能产业技术创新战略联盟", "name_en": "", "scope": "regional",
                            "province": "37", "industry": "B", "key_area": "energy",
                            "founders": (world.sd_org.uscc, world.member_a.uscc), "host_unit": world.sd_org.uscc, **kw}  # fmt: skip
    return national_input(world, **data)


def propose(world: Any, proposer: User, *, regional: bool = False, **kw: Any) -> AllianceProposal:
    data = regional_input(world, **kw) if regional else national_input(world, **kw)
    return proposal_create(by=proposer, data=data)


def counts() -> dict[str, int]:
    """Proposals, alliances, memberships, role assignments, audit entries and notifications."""
    return {
        "proposals": AllianceProposal.objects.count(), "alliances": Alliance.objects.count(),
        "memberships": Membership.objects.count(), "roles": RoleAssignment.objects.count(),
        "audit": AuditEntry.objects.count(), "notifications": Notification.objects.count(),
    }  # fmt: skip
