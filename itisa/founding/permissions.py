"""Who may propose an alliance, see a proposal and decide on it. Each predicate returns a Decision.

Functional reference: Art. 6 of 国科发政〔2008〕770号 (《关于推动产业技术创新战略联盟构建的指导意见》) encourages
enterprises, universities and research institutes to form alliances themselves, so anyone with an account
may propose one. Art. 11–12 give the science and technology departments of the provinces (for alliances
around a province's pillar industries) and industry associations the role of promoting alliances; entering
an alliance into the registry, however, is the act of the government departments that register alliances
here (``registry.permissions.can_create_alliance``: the national office, and a provincial officer for the
regional alliances of its province). So the competent officer who accepts or returns a proposal is the
provincial officer of its province for a regional proposal and the national office for a national one.
Association officers promote (Art. 12) but do not register: they are not reviewers, since acceptance
creates the registry record, which ``alliance_create`` refuses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.founding.choices import EDITABLE, ProposalStatus
from itisa.founding.workflows import PROPOSER, REVIEWER
from itisa.registry.choices import AllianceScope

if TYPE_CHECKING:
    from itisa.accounts.actor import Viewer

NOT_LOGGED_IN = _("You must log in first.")


def can_propose_alliance(user: Viewer) -> Decision:
    """Anyone with an account may propose to form an alliance (Art. 6)."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    return Decision.allow(_("Anyone with an account may propose to form an alliance."))


def is_competent_for(user: Viewer, *, scope: str, province: str) -> bool:
    """The national office for a national proposal; the provincial officer of its province for a regional one."""
    s = role_summary(user)
    if scope == AllianceScope.NATIONAL:
        return s.national
    return scope == AllianceScope.REGIONAL and bool(province) and province in s.provinces


def _is_proposer(user: Viewer, proposal: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and proposal.proposer_id == getattr(
        user, "pk", None
    )


def can_view_proposal(user: Viewer, proposal: Any) -> Decision:
    """The proposer sees its proposal; the competent officers see it once it has been submitted."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if _is_proposer(user, proposal):
        return Decision.allow(_("You made this proposal."))
    if proposal.status != ProposalStatus.DRAFT and is_competent_for(
        user, scope=proposal.scope, province=proposal.province
    ):
        return Decision.allow(_("You are the competent officer for this proposal."))
    if proposal.status != ProposalStatus.DRAFT and role_summary(user).national:
        return Decision.allow(_("The national office oversees every submitted proposal."))
    return Decision.deny(
        _("A proposal is seen only by its proposer, the competent officers and the national office.")
    )


def can_edit_proposal(user: Viewer, proposal: Any) -> Decision:
    """The proposer changes and submits its proposal while it is a draft or has been returned."""
    if not _is_proposer(user, proposal):
        return Decision.deny(_("Only the proposer changes and submits a proposal."))
    if proposal.status not in EDITABLE:
        return Decision.deny(_("Only a draft or a returned proposal can be changed."))
    return Decision.allow(_("You made this proposal and it is with you."))


def can_review_proposal(user: Viewer, proposal: Any) -> Decision:
    """The competent officer (see the module docstring) accepts or returns a submitted proposal."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not is_competent_for(user, scope=proposal.scope, province=proposal.province):
        return Decision.deny(
            _(
                "Only the national office (a national alliance) or the provincial officer of its province "
                "(a regional alliance) accepts or returns a proposal."
            )
        )
    if proposal.status != ProposalStatus.SUBMITTED:
        return Decision.deny(_("Only a submitted proposal is accepted or returned."))
    return Decision.allow(_("You are the competent officer for this proposal."))


def may_review_proposals(user: Viewer) -> Decision:
    """Whether ``user`` reviews proposals at all (the queue): the national office or a provincial officer."""
    s = role_summary(user)
    if s.national or s.provinces:
        return Decision.allow(_("You review the proposals of your scope."))
    return Decision.deny(_("Only the national office and provincial officers review proposals."))


def actor_kinds(user: Viewer, proposal: Any) -> set[str]:
    """Which workflow actors (``workflows``) ``user`` is for ``proposal``."""
    kinds: set[str] = set()
    if _is_proposer(user, proposal):
        kinds.add(PROPOSER)
    if is_competent_for(user, scope=proposal.scope, province=proposal.province):
        kinds.add(REVIEWER)
    return kinds
