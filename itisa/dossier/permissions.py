"""Who may read and write whole alliance dossiers. Each predicate returns a Decision with a reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.models import Alliance
from itisa.registry.permissions import NOT_LOGGED_IN, can_edit_alliance


def can_view_dossier(user: Any, alliance: Alliance) -> Decision:
    """The dossier is the complete record, with the legal representatives' contact details: it is
    open to those who keep the alliance's record (its secretariat and the competent officers)."""
    decision = can_edit_alliance(user, alliance)
    if decision or not role_summary(user).authenticated:
        return decision
    return Decision.deny(
        _("The dossier of an alliance is open only to its secretariat and the competent officers.")
    )


def can_import_dossier(user: Any) -> Decision:
    """An import rewrites organisations shared with other alliances and bypasses the status workflow,
    so among users only national office officers may import; the system (the command line) always may."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("National office officers import dossiers."))
    return Decision.deny(_("Only national office officers may import a dossier."))


def can_view_restricted(user: Any) -> Decision:
    """Whether a dossier served to ``user`` carries the confidential parts of its sections: expert
    reviews of pilot applications, and applications decided but not yet published (their outcome), are
    seen only by the national office (an alliance never sees the reviews of its application, nor its
    outcome before the list is published); the command line exports everything."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office sees expert reviews."))
    return Decision.deny(_("Expert reviews are seen only by the national office."))
