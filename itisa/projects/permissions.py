"""Who runs, sees and reports on an alliance's R&D projects.

What is public (docs/projects.md): a project the deciding body approved (approved, running, acceptance,
closed) shows its code, title, period, lead member, participants and their tasks, goals and targets,
and its milestones (title, dates, status) to anyone who may see the alliance. Money (committed
resources, funding, budget against actual), evidence files and expert reviews are for the alliance's
secretariat, council and fund supervisor, the participating members' contacts and legal
representatives, and the national office.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES, Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

INSIDERS = (Role.SECRETARIAT, Role.COUNCIL_MEMBER, Role.FUND_SUPERVISOR)


def can_manage_projects(user: Viewer, alliance: Any) -> Decision:
    """The secretariat proposes projects and takes them through their workflow; the national office may correct."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("National office officers may correct every record."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat runs its alliance's projects."))
    return Decision.deny(_("Only the alliance's secretariat runs its projects."))


def sees_all_projects(user: Viewer, alliance: Any) -> bool:
    """The alliance's secretariat, council and fund supervisor (and the national office) see every project."""
    s = role_summary(user)
    return s.national or s.has_alliance_role(alliance.pk, *INSIDERS)


def participant_orgs(user: Viewer, alliance: Any) -> frozenset[int]:
    """The organisations the user acts for (contact, legal representative) in this alliance."""
    s = role_summary(user)
    if not s.has_alliance_role(alliance.pk, *ORGANISATION_ROLES):
        return frozenset()
    return frozenset(o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES))


def can_view_details(user: Viewer, project: Any, participant_ids: frozenset[int]) -> Decision:
    """Money, evidence and reviews: the insiders, and the participating members' representatives."""
    if sees_all_projects(user, project.alliance):
        return Decision.allow(_("You see every project of the alliance."))
    if participant_orgs(user, project.alliance) & participant_ids:
        return Decision.allow(_("Your organisation takes part in the project."))
    return Decision.deny(
        _("Only the alliance's secretariat, council, fund supervisor and the participating members see this.")
    )


def can_view_evidence(
    user: Viewer, project: Any, participant_ids: frozenset[int], reviewer_ids: frozenset[int]
) -> Decision:
    """Milestone evidence: those who see the project's details, and the experts assigned to review it
    (``reviewer_ids``: their accounts); nobody else outside the alliance."""
    if can_view_details(user, project, participant_ids):
        return Decision.allow(_("You see the project's details."))
    if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) in reviewer_ids:
        return Decision.allow(_("You are assigned to review the project."))
    return Decision.deny(
        _(
            "Only the alliance's insiders, the participating members and the project's reviewers see the evidence."
        )
    )


def can_report(user: Viewer, project: Any, participant_ids: frozenset[int]) -> Decision:
    """A milestone is reported (done, with evidence) by the secretariat or a participating member."""
    if can_manage_projects(user, project.alliance):
        return Decision.allow(_("The secretariat records milestones."))
    if participant_orgs(user, project.alliance) & participant_ids:
        return Decision.allow(_("Your organisation takes part in the project."))
    if not role_summary(user).authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the secretariat and the participating members report milestones."))


def can_give_opinion(user: Viewer, assignment: Any) -> Decision:
    """Only the assigned expert gives its opinion."""
    if user is not None and getattr(user, "is_authenticated", False) and assignment.expert.user_id == user.pk:
        return Decision.allow(_("You are the assigned expert."))
    return Decision.deny(_("Only the assigned expert gives this opinion."))
