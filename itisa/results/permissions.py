"""Who keeps and who sees the results register.

The people of the alliance (its secretariat, council members, fund supervisor, experts, and the
contacts and legal representatives of its members) and the national office see the whole register;
everyone else sees only the results the secretariat has made public (default: not public). The
secretariat registers results, moves their status, records ownership changes and decides what is public;
a member's contact or legal representative declares its own background IP (the secretariat may too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

ALLIANCE_PEOPLE = (
    Role.SECRETARIAT,
    Role.COUNCIL_MEMBER,
    Role.FUND_SUPERVISOR,
    Role.EXPERT,
    Role.MEMBER_CONTACT,
    Role.LEGAL_REPRESENTATIVE,
)


def can_keep_results(user: Viewer, alliance: Any) -> Decision:
    """The secretariat keeps its alliance's register; the national office may correct it."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's results register."))
    return Decision.deny(_("Only the alliance's secretariat keeps its results register."))


def sees_register(user: Viewer, alliance: Any) -> bool:
    """The people of the alliance and the national office see every result; others the public ones."""
    s = role_summary(user)
    return s.national or s.has_alliance_role(alliance.pk, *ALLIANCE_PEOPLE)


def can_declare_background(user: Viewer, alliance: Any, organisation_id: int | None) -> Decision:
    """A member declares its own background IP through its contact or legal representative; the
    secretariat may record it for the member."""
    if can_keep_results(user, alliance):
        return Decision.allow(_("The secretariat records background IP for members."))
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
        _("Only the member's contact or legal representative, or the secretariat, declares it.")
    )


def can_request_access(user: Viewer, alliance: Any, organisation_id: int | None) -> Decision:
    """A member asks for access rights through its contact or legal representative."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if (
        organisation_id is not None
        and s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES)
        and s.acts_for(organisation_id, *ORGANISATION_ROLES)
    ):
        return Decision.allow(_("You act for this member."))
    return Decision.deny(_("Only the member's contact or legal representative asks for access rights."))


def owner_acted_for(user: Viewer, alliance: Any, owner_ids: list[int]) -> int | None:
    """The first of the result's current owners the user acts for (contact or legal representative)."""
    s = role_summary(user)
    if not s.authenticated or not s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES):
        return None
    return next((o for o in owner_ids if s.acts_for(o, *ORGANISATION_ROLES)), None)


def can_decide_access(user: Viewer, alliance: Any, owner_ids: list[int]) -> Decision:
    """The owners decide on access to their result: a contact or legal representative of one of them."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if owner_acted_for(user, alliance, owner_ids) is not None:
        return Decision.allow(_("You act for an owner of the result."))
    return Decision.deny(_("Only the result's owners decide on access to it."))


def sees_access_requests(user: Viewer, alliance: Any) -> bool | set[int]:
    """True: every access request of the alliance (its secretariat, the national office); otherwise the
    organisations whose requests, as requester or owner, the user sees (those they act for)."""
    s = role_summary(user)
    if s.national or s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return True
    if not s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES):
        return set()
    return {o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES)}
