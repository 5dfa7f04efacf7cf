"""Helpers of the promotion tests: officers in and out of scope of the forming alliance SDC (regional,
Shandong 37, mining B), SDC's secretariat, a problem's input, and counts of what a refusal must not change."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.notifications.models import Notification
from itisa.promotion.models import Endorsement, KeyProblem
from itisa.promotion.services import ProblemInput, problem_create, problem_publish
from tests.factories import UserFactory


def officer(username: str, **grant: Any) -> User:
    user: User = UserFactory(username=username, display_name=username)
    RoleAssignment.objects.create(user=user, **grant)
    return user


@pytest.fixture
def outsiders(world: Any) -> dict[str, User]:
    """Officers whose bodies do not promote SDC: Guangdong's province, the manufacturing association and
    ministry."""
    return {
        "province_44": officer("province44", role="provincial_officer", province="44"),
        "association_c": officer("associationC", role="association_officer", industry="C"),
        "ministry_c": officer("ministryC", role="ministry_officer", industry="C"),
    }


@pytest.fixture
def sdc_secretariat(world: Any) -> User:
    return officer("sdcsecretariat", role="secretariat", alliance=world.sdc)


def problem_input(**kw: Any) -> ProblemInput:
    data: dict[str, Any] = {"title_zh": "煤矿智能开采关键技术", "title_en": "Intelligent coal mining",
                            "description": "薄煤层智能化开采装备与控制。", "industry": "B",
                            "keywords": "智能开采, 液压支架", **kw}  # fmt: skip
    return ProblemInput(**data)


def published(by: User, **kw: Any) -> KeyProblem:
    return problem_publish(by=by, problem=problem_create(by=by, data=problem_input(**kw)))


def counts() -> dict[str, int]:
    """Problems, endorsements (and active ones), audit entries and notifications."""
    return {
        "problems": KeyProblem.objects.count(), "endorsements": Endorsement.objects.count(),
        "active": Endorsement.objects.filter(status="active").count(), "audit": AuditEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }  # fmt: skip
