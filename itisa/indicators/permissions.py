"""Who may record and see an alliance's indicator values."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.choices import AllianceScope


def supervises(user: Any, alliance: Any) -> bool:
    """The national office, the province's officers (regional alliances of their province) and the
    industry's association or ministry officers follow an alliance (Art. 9, 11, 12)."""
    s = role_summary(user)
    return (
        s.national
        or (alliance.scope == AllianceScope.REGIONAL and alliance.province in s.provinces)
        or alliance.industry in s.industries
    )


def can_record_indicators(user: Any, alliance: Any) -> Decision:
    """The alliance's secretariat records its indicator values and reports those it may enter."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("You work in the alliance's secretariat."))
    return Decision.deny(_("Only the alliance's secretariat records its indicator values."))


def can_view_indicators(user: Any, alliance: Any) -> Decision:
    """The alliance's people and the officers who follow it see its indicator values."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.has_alliance_role(alliance.pk) or supervises(user, alliance):
        return Decision.allow(_("You are one of the alliance's people or an officer who follows it."))
    return Decision.deny(
        _("Only the alliance's people and the officers who follow it see its indicator values.")
    )
