"""Who may see eligibility reports: an alliance's own people and the officers competent for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

NOT_LOGGED_IN = _("You must log in first.")


def _in_provinces(alliance: Alliance, provinces: frozenset[str]) -> bool:
    """A regional alliance of one of ``provinces``, or any alliance whose host unit is in one of them: the
    scope in which provincial officers see and recommend pilot applications (``selectors._scope_q``)."""
    if alliance.province in provinces:
        return True
    host = alliance.host_unit  # no query without a host unit, nor when the caller selected it
    return host is not None and host.province in provinces


def can_view_eligibility(user: Viewer, alliance: Alliance) -> Decision:
    """The alliance checks itself any time; officers check the alliances in their scope (Art. 7, 8)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office checks every alliance."))
    if s.provinces and _in_provinces(alliance, s.provinces):
        return Decision.allow(
            _("Provincial officers check the alliances of their province and those hosted in it.")
        )
    if alliance.industry in s.industries:
        return Decision.allow(_("Association officers check the alliances of their industry."))
    if s.has_alliance_role(alliance.pk):
        return Decision.allow(_("You hold a role in this alliance."))
    return Decision.deny(_("Only the alliance's own people and the competent officers see its eligibility."))


def can_survey_eligibility(user: Viewer) -> Decision:
    """Officers see the eligibility of every alliance in their scope on one page."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.is_officer:
        return Decision.allow(_("Officers survey the alliances in their scope."))
    return Decision.deny(_("Only national, provincial and association officers survey the registry."))


def can_record_finding(user: Viewer, alliance: Alliance) -> Decision:
    """The national office records what data cannot decide (backbone position, frontier standing)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office records findings for the pilot conditions."))
    return Decision.deny(_("Only the national office records findings for the pilot conditions."))
