"""Helpers of the invitation tests: the clock frozen at ``NOW`` (Beijing), counts of what a refusal must not
change, and ``invite`` (the secretariat of CSA invites to CSA's council unless told otherwise)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.invitations.models import Invitation
from itisa.invitations.services import InvitationInput, invitation_create

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 9, 15, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def counts() -> tuple[int, int, int, int]:
    """Invitations, role assignments, users and audit entries."""
    return (Invitation.objects.count(), RoleAssignment.objects.count(), User.objects.count(),
            AuditEntry.objects.count())  # fmt: skip


def invite(world: Any, persona: str = "secretariat", **kw: Any) -> tuple[Invitation, str]:
    data = {"email": "Wang.Wu@Example.com", "role": "council_member", "alliance": "CSA", **kw}
    return invitation_create(by=world.user(persona), data=InvitationInput(**data))
