"""The demo's pending invitation: CSA's secretariat has invited a new council member by e-mail (the link
goes to the console in development: `make run` prints the e-mail)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.accounts.choices import Role
from itisa.invitations.models import Invitation
from itisa.invitations.services import InvitationInput, invitation_create
from itisa.registry.models import Alliance

DEMO_EMAIL = "council.invitee@example.com"


@transaction.atomic
def load_demo_invitations(*, alliance: Alliance, secretariat: Any) -> Invitation | None:
    """Once (nothing when the demo's invitation exists)."""
    if Invitation.objects.filter(email=DEMO_EMAIL, alliance=alliance).exists():
        return None
    invitation, _secret = invitation_create(
        by=secretariat,
        data=InvitationInput(email=DEMO_EMAIL, role=Role.COUNCIL_MEMBER, alliance=alliance.code, days=14),
    )
    return invitation
