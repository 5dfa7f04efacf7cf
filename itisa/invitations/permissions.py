"""Who may invite whom: an invitation never grants more than its inviter may grant.

Functional reference: under 国科发政〔2008〕770号 (《关于推动产业技术创新战略联盟构建的指导意见》) an alliance
governs itself through its decision body and an executive body, the secretariat, which keeps its day-to-day
affairs: the secretariat brings in the people who act in its own alliance (council seat holders, members'
contacts and legal representatives, fund supervisors, experts, the host unit's finance staff), never its
own colleagues (only an administrator names a secretariat, ``accounts.services.role_grant``) and never an
officer. The pilot work is guided by the national office and, in their scope, the provincial science and
technology departments, industry associations and ministries (国科发政〔2009〕648号, 《关于推动产业技术
创新战略联盟构建与发展的实施办法（试行）》): each officer brings in the officers of its own scope; the
national office anyone. Nobody else invites.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

# The roles of its own alliance that a secretariat invites people to.
SECRETARIAT_INVITES = frozenset(
    {
        Role.COUNCIL_MEMBER,
        Role.MEMBER_CONTACT,
        Role.LEGAL_REPRESENTATIVE,
        Role.FUND_SUPERVISOR,
        Role.EXPERT,
        Role.HOST_FINANCE,
    }
)


@dataclass(frozen=True)
class Grant:
    """A role and its scope, as an invitation would grant it."""

    role: str
    alliance_id: int | None = None
    province: str = ""
    industry: str = ""

    @classmethod
    def of(cls, invitation: Any) -> Grant:
        return cls(invitation.role, invitation.alliance_id, invitation.province, invitation.industry)


def can_invite(user: Viewer, grant: Grant) -> Decision:
    """Whether ``user`` may invite someone to ``grant`` (see the module docstring for the reference):
    the national office to any role; a secretariat of alliance X to X's roles in ``SECRETARIAT_INVITES``;
    a provincial officer provincial officers of its province; an association officer association officers
    of its industry; a ministry officer ministry officers of its industry; nobody else."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("The national office invites to any role."))
    role = grant.role
    if role in SECRETARIAT_INVITES and grant.alliance_id is not None:
        if s.has_alliance_role(grant.alliance_id, Role.SECRETARIAT):
            return Decision.allow(_("The secretariat invites the people who act in its alliance."))
        return Decision.deny(_("Only the alliance's secretariat invites people to its roles."))
    if role == Role.PROVINCIAL_OFFICER and grant.province and grant.province in s.provinces:
        return Decision.allow(_("A provincial officer invites the officers of its province."))
    association = s.industries - s.ministry_industries
    if role == Role.ASSOCIATION_OFFICER and grant.industry and grant.industry in association:
        return Decision.allow(_("An association officer invites the officers of its industry."))
    if role == Role.MINISTRY_OFFICER and grant.industry and grant.industry in s.ministry_industries:
        return Decision.allow(_("A ministry officer invites the officers of its industry."))
    return Decision.deny(_("You may not invite anyone to this role in this scope."))


def may_invite(user: Viewer) -> Decision:
    """Whether ``user`` may invite anyone at all: a secretariat or an officer (the invitations pages)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.is_officer or s.alliances_with(Role.SECRETARIAT):
        return Decision.allow(_("You may invite people within your scope."))
    return Decision.deny(_("Only a secretariat or an officer invites people."))


def can_manage_invitation(user: Viewer, invitation: Any) -> Decision:
    """Whoever may invite to an invitation's role and scope sees it, sends it again and revokes it."""
    return can_invite(user, Grant.of(invitation))


def roles_invitable(user: Viewer) -> list[str]:
    """The roles ``user`` may invite to in some scope, in ``Role`` order (the form's choices)."""
    s = role_summary(user)
    if not s.authenticated:
        return []
    if s.national:
        return list(Role.values)
    roles: set[str] = set()
    if s.alliances_with(Role.SECRETARIAT):
        roles |= SECRETARIAT_INVITES
    if s.provinces:
        roles.add(Role.PROVINCIAL_OFFICER)
    if s.industries - s.ministry_industries:
        roles.add(Role.ASSOCIATION_OFFICER)
    if s.ministry_industries:
        roles.add(Role.MINISTRY_OFFICER)
    return [r for r in Role.values if r in roles]
