"""Who keeps and who sees an alliance's training programmes and staff exchanges.

The secretariat records them (the national office may correct); the alliance's people and the national
office see them (``results.permissions.sees_register``: the same circle as the results register)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.results.permissions import sees_register

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_keep_talent(user: Viewer, alliance: Any) -> Decision:
    """The secretariat records its alliance's programmes and exchanges; the national office may correct."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat records its alliance's training and exchanges."))
    return Decision.deny(_("Only the alliance's secretariat records its training and exchanges."))


def can_view_talent(user: Viewer, alliance: Any) -> Decision:
    """The alliance's people and the national office see its programmes and exchanges."""
    if sees_register(user, alliance):
        return Decision.allow(_("You are one of the alliance's people."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's people see its training and exchanges."))
