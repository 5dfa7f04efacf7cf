"""Who keeps, who sees and who declares for standards.

The alliance's secretariat keeps its standards (the national office may correct); the people of the
alliance and the national office see them (``results.permissions.sees_register``); a drafting member's
contact or legal representative files its IPR declaration (the secretariat may record one for it, with
the signed document).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.results.permissions import can_keep_results, sees_register

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_keep_standards(user: Viewer, alliance: Any) -> Decision:
    """The secretariat keeps its alliance's standards and opens their votes; the national office may correct."""
    decision = can_keep_results(user, alliance)
    if decision:
        return Decision.allow(_("The secretariat keeps its alliance's standards."))
    if not role_summary(user).authenticated:
        return decision
    return Decision.deny(_("Only the alliance's secretariat keeps its standards."))


def can_view_standards(user: Viewer, alliance: Any) -> Decision:
    """The people of the alliance and the national office see its standards and their declarations."""
    if sees_register(user, alliance):
        return Decision.allow(_("You are one of the alliance's people."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's people see its standards."))


def can_declare_for(user: Viewer, alliance: Any, organisation_id: int | None) -> Decision:
    """A drafting member's contact or legal representative files its declaration; the secretariat may
    record one for it."""
    if can_keep_standards(user, alliance):
        return Decision.allow(_("The secretariat records declarations for members."))
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if (
        organisation_id is not None
        and s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES)
        and s.acts_for(organisation_id, *ORGANISATION_ROLES)
    ):
        return Decision.allow(_("You act for this member."))
    return Decision.deny(
        _("Only the member's contact or legal representative, or the secretariat, files its declaration.")
    )


def declares_as_member(user: Viewer, organisation_id: int) -> bool:
    """Whether the user acts for the organisation as its contact or legal representative (not as secretariat)."""
    return role_summary(user).acts_for(organisation_id, *ORGANISATION_ROLES)
