"""Helpers of the representatives tests: the clock frozen at ``NOW`` (Beijing), counts of what a refusal
must not change, and a confirmed representative ``lear`` of 乙大学 (member B of CSA)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.notifications.models import Notification
from itisa.registry.models import Person
from itisa.representatives import services
from itisa.representatives.models import Appointment, Designation
from tests.factories import UserFactory

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 9, 15, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def counts() -> tuple[int, ...]:
    """Appointments, designations, role assignments, people, notifications and audit entries."""
    return (Appointment.objects.count(), Designation.objects.count(), RoleAssignment.objects.count(),
            Person.objects.count(), Notification.objects.count(), AuditEntry.objects.count())  # fmt: skip


def roles_of(organisation: Any) -> list[tuple[str, str, str]]:
    """(role, username, alliance code) of everyone acting for ``organisation``, sorted."""
    return sorted(
        (ra.role, ra.user.username, ra.alliance.code)
        for ra in RoleAssignment.objects.filter(organisation=organisation).select_related("user", "alliance")
    )


def confirmed_lear(world: Any, username: str = "lear", organisation: Any = None) -> tuple[User, Appointment]:
    """``username`` applies for 乙大学 (or ``organisation``) and CSA's secretariat (or the national office)
    confirms it."""
    user = UserFactory(username=username, display_name=username, email=f"{username}@example.com")
    org = organisation or world.member_b
    appointment = services.appointment_apply(by=user, organisation=org, statement="委托书 2026-01")
    confirmer = world.user("secretariat") if org.pk != world.sd_org.pk else world.user("national_officer")
    return user, services.appointment_confirm(by=confirmer, appointment=appointment)
