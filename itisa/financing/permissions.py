"""Who keeps, sees and applies for an alliance's financing.

The secretariat records needs, recommends them (the alliance's letter), records the institutions'
responses, credit lines, drawdowns and repayments; the national office may correct. The alliance's
insiders (secretariat, council, fund supervisor) and the national office see every need and line; a
member's contact or legal representative sees its own organisation's, and records and submits its own
needs (the applicant of the workflow)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

INSIDERS = (Role.SECRETARIAT, Role.COUNCIL_MEMBER, Role.FUND_SUPERVISOR)


def can_keep_financing(user: Viewer, alliance: Any) -> Decision:
    """The secretariat keeps its alliance's financing records; the national office may correct."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's financing records."))
    return Decision.deny(_("Only the alliance's secretariat keeps its financing records."))


def sees_all_financing(user: Viewer, alliance: Any) -> bool:
    """The insiders and the national office see every need and credit line."""
    s = role_summary(user)
    return s.national or s.has_alliance_role(alliance.pk, *INSIDERS)


def own_organisations(user: Viewer, alliance: Any) -> frozenset[int]:
    """The members the user acts for (contact, legal representative) in this alliance."""
    s = role_summary(user)
    if not s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES):
        return frozenset()
    return frozenset(o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES))


def can_view_financing(user: Viewer, alliance: Any) -> Decision:
    """The insiders, the national office and the members' representatives open the financing pages
    (each representative sees its own organisation's needs and lines)."""
    if sees_all_financing(user, alliance) or own_organisations(user, alliance):
        return Decision.allow(_("You see the alliance's financing."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's insiders and members' representatives see its financing."))


def can_apply(user: Viewer, alliance: Any, organisation_id: int | None) -> Decision:
    """A member's contact or legal representative records and submits its own needs; the secretariat any."""
    if can_keep_financing(user, alliance):
        return Decision.allow(_("The secretariat records needs for the alliance."))
    if organisation_id is not None and organisation_id in own_organisations(user, alliance):
        return Decision.allow(_("You act for this member."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the member's contact or legal representative, or the secretariat, may."))


def need_actors(user: Viewer, need: Any) -> set[str]:
    """The workflow actors ``user`` is for ``need`` (``keeper``, ``applicant``)."""
    from itisa.financing.workflows import APPLICANT, KEEPER

    actors = set()
    if can_keep_financing(user, need.alliance):
        actors.add(KEEPER)
    if need.organisation_id is not None and need.organisation_id in own_organisations(user, need.alliance):
        actors.add(APPLICANT)
    return actors
