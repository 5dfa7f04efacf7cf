"""Who keeps, sees, books and hosts the shared platforms.

The alliance's people (``results.permissions.sees_register``: its secretariat, council members, fund
supervisor, experts, and its members' contacts and legal representatives) and the national office see
the alliance's platforms, their bookings and statistics. The secretariat registers platforms and moves
their status (the national office may correct). A member books through its contact or legal
representative (the secretariat may book for a member or for an outside party). The host member's
contact or legal representative, or the secretariat, confirms or declines bookings and records usage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.platforms.workflows import BOOKER, HOST, KEEPER
from itisa.results.permissions import can_keep_results, sees_register

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_keep_platforms(user: Viewer, alliance: Any) -> Decision:
    """The secretariat keeps its alliance's platforms; the national office may correct them."""
    decision = can_keep_results(user, alliance)
    if decision:
        return decision
    if not role_summary(user).authenticated:
        return decision
    return Decision.deny(_("Only the alliance's secretariat keeps its shared platforms."))


def can_view_platforms(user: Viewer, alliance: Any) -> Decision:
    """The people of the alliance and the national office see its platforms."""
    if sees_register(user, alliance):
        return Decision.allow(_("You are one of the alliance's people."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's people see its shared platforms."))


def _acts_for(user: Viewer, alliance: Any, organisation_id: int | None) -> bool:
    s = role_summary(user)
    return (
        organisation_id is not None
        and s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES)
        and s.acts_for(organisation_id, *ORGANISATION_ROLES)
    )


def can_book(user: Viewer, alliance: Any, organisation_id: int | None) -> Decision:
    """A member books for itself through its contact or legal representative; the secretariat books for
    any member or for an outside party."""
    if can_keep_platforms(user, alliance):
        return Decision.allow(_("The secretariat books for members and outside users."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    if _acts_for(user, alliance, organisation_id):
        return Decision.allow(_("You act for this member."))
    return Decision.deny(
        _("Only the member's contact or legal representative, or the secretariat, books for it.")
    )


def bookable_for(user: Viewer, alliance: Any) -> frozenset[int]:
    """The organisations the viewer books for as their contact or legal representative."""
    s = role_summary(user)
    if not s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES):
        return frozenset()
    return frozenset(o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES))


def can_host(user: Viewer, platform: Any) -> Decision:
    """The host member's contact or legal representative, or the secretariat, confirms or declines the
    platform's bookings and records their usage."""
    if can_keep_platforms(user, platform.alliance):
        return Decision.allow(_("The secretariat acts for the platform's host."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    if _acts_for(user, platform.alliance, platform.host_id):
        return Decision.allow(_("You act for the platform's host."))
    return Decision.deny(
        _("Only the host member's contact or legal representative, or the secretariat, may.")
    )


def platform_actors(user: Viewer, platform: Any) -> set[str]:
    """The workflow actors the viewer is for a platform (``workflows``)."""
    return {KEEPER} if can_keep_platforms(user, platform.alliance) else set()


def booking_actors(user: Viewer, booking: Any) -> set[str]:
    """The workflow actors the viewer is for a booking: host, booker (``workflows``)."""
    platform = booking.platform
    actors: set[str] = set()
    if can_host(user, platform):
        actors.add(HOST)
    if can_keep_platforms(user, platform.alliance) or _acts_for(
        user, platform.alliance, booking.organisation_id
    ):
        actors.add(BOOKER)
    return actors
