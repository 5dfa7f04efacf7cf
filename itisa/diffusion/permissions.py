"""Who keeps the diffusion records and the catalogue, and who sees the obligations.

- The secretariat keeps its alliance's catalogue entries and records diffusions; the national office may
  correct (``results.permissions.can_keep_results``).
- The alliance's people see its obligations; the national office sees every alliance's; a government fund
  supervisor sees the obligations owed to the granting departments of their scope (国科发政〔2008〕770号
  第八条(六); the department follows what its grants paid for).
- Everyone, signed in or not, reads the published catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.results.permissions import can_keep_results, sees_register

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer


def can_keep_catalogue(user: Viewer, alliance: Any) -> Decision:
    """The secretariat moderates its alliance's catalogue entries and records its diffusions."""
    decision = can_keep_results(user, alliance)
    if decision or not role_summary(user).authenticated:
        return decision
    return Decision.deny(_("Only the alliance's secretariat moderates its catalogue entries and diffusions."))


def can_view_obligations(user: Viewer, alliance: Any) -> Decision:
    """The alliance's people and the national office see all of its obligations; a fund supervisor sees
    those of their departments (the selector narrows them)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if sees_register(user, alliance):
        return Decision.allow(_("You are one of the alliance's people."))
    if s.departments:
        return Decision.allow(_("You supervise the grants of a granting department."))
    return Decision.deny(
        _(
            "Only the alliance's people, the national office and the granting departments see its diffusion obligations."
        )
    )


def can_view_department(user: Viewer, department: str) -> Decision:
    """A granting department's compliance report: its fund supervisors and the national office."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("The national office sees every department's report."))
    if department in s.departments:
        return Decision.allow(_("You supervise this department's grants."))
    return Decision.deny(_("Only this department's fund supervisors and the national office see its report."))


def can_view_overview(user: Viewer) -> Decision:
    """Every alliance's obligations at once: the national office, and fund supervisors (narrowed to
    their departments)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national or s.departments:
        return Decision.allow(_("You follow the diffusion of publicly funded results."))
    return Decision.deny(
        _("Only the national office and the granting departments see every alliance's obligations.")
    )


def can_view_listings(user: Viewer, alliance: Any) -> Decision:
    """The alliance's catalogue entries, drafts included: its people and the national office."""
    if sees_register(user, alliance):
        return Decision.allow(_("You are one of the alliance's people."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's people see its catalogue entries before they are published."))
