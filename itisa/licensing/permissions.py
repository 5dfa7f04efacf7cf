"""Who keeps and who sees licences, receipts, transfers and technology contracts.

The results register's keepers (the alliance's secretariat; the national office may correct) record
licences, receipts, transfers and contracts and approve splits; the people of the alliance see them
(``results.permissions.sees_register``); a member's contact or legal representative sees its own
statement and objects to a transfer of a result it co-owns (the secretariat may record the objection).
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


def can_keep_licences(user: Viewer, alliance: Any) -> Decision:
    """The secretariat keeps its alliance's licences and their receipts; the national office may correct."""
    decision = can_keep_results(user, alliance)
    if decision:
        return decision
    if not role_summary(user).authenticated:
        return decision
    return Decision.deny(_("Only the alliance's secretariat keeps its licences and their receipts."))


def can_view_licences(user: Viewer, alliance: Any) -> Decision:
    """The people of the alliance and the national office see its licences and their splits."""
    if sees_register(user, alliance):
        return Decision.allow(_("You are one of the alliance's people."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's people see its licences."))


def can_act_for_member(user: Viewer, alliance: Any, organisation_id: int | None) -> Decision:
    """A member's contact or legal representative acts for it (its statement, its objection to a
    transfer); the secretariat may too."""
    if can_keep_licences(user, alliance):
        return Decision.allow(_("The secretariat acts for the alliance's records."))
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if (
        organisation_id is not None
        and s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES)
        and s.acts_for(organisation_id, *ORGANISATION_ROLES)
    ):
        return Decision.allow(_("You act for this member."))
    return Decision.deny(_("Only the member's contact or legal representative, or the secretariat, may."))
