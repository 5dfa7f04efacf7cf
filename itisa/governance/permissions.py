"""Who may see and keep an alliance's bodies, seats, rules and staff register."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.choices import AllianceStatus
from itisa.registry.models import Alliance
from itisa.registry.permissions import can_view_alliance


def can_view_governance(user: Any, alliance: Alliance) -> Decision:
    """An alliance's bodies and staff are as public as the alliance itself (Art. 8(3) is public record)."""
    return can_view_alliance(user, alliance)


def can_manage_governance(user: Any, alliance: Alliance) -> Decision:
    """The secretariat keeps the record of bodies, seats, rules and staff; the national office may correct it."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if alliance.status == AllianceStatus.DISSOLVED:
        return Decision.deny(_("A dissolved alliance has no bodies to keep."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's governance record."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    return Decision.deny(_("Only the alliance's secretariat keeps its bodies, seats, rules and staff."))
