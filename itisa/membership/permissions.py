"""Who may keep an alliance's member list."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance


def can_manage_members(user: Any, alliance: Alliance) -> Decision:
    """The secretariat admits and records members (Art. 8(6)); officers may correct the record."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if alliance.status == AllianceStatus.DISSOLVED:
        return Decision.deny(_("A dissolved alliance admits no members."))
    if s.national:
        return Decision.allow(_("National office officers keep every record."))
    if alliance.scope == AllianceScope.REGIONAL and alliance.province in s.provinces:
        return Decision.allow(_("Provincial officers keep the records of their regional alliances."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's member list."))
    return Decision.deny(_("Only the alliance's secretariat and the competent officers manage its members."))


def can_view_dues(user: Any, alliance: Alliance) -> Decision:
    """The secretariat, the fund supervisor and officers see all dues; a member's contacts see its own."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if (
        s.national
        or s.has_alliance_role(alliance.pk, Role.SECRETARIAT)
        or s.has_alliance_role(alliance.pk, Role.FUND_SUPERVISOR)
    ):
        return Decision.allow(_("You keep or supervise this alliance's dues."))
    if s.has_alliance_role(alliance.pk, Role.MEMBER_CONTACT) or s.has_alliance_role(
        alliance.pk, Role.LEGAL_REPRESENTATIVE
    ):
        return Decision.allow(_("A member's contacts see their own organisation's invoices."))
    return Decision.deny(_("Only the secretariat, the fund supervisor, officers and members see dues."))


def can_manage_dues(user: Any, alliance: Alliance) -> Decision:
    """The secretariat sets the fee schedule, issues invoices and records payments; the national office may correct."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("National office officers keep every record."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's dues."))
    return Decision.deny(_("Only the alliance's secretariat keeps its dues."))


def can_view_application(user: Any, application: Any) -> Decision:
    """The applicant sees its own application (and why it was rejected); the keepers see all of theirs."""
    if getattr(user, "is_authenticated", False) and application.applicant_id == user.pk:
        return Decision.allow(_("This is your application."))
    if can_manage_members(user, application.alliance):
        return Decision.allow(_("You keep this alliance's member list."))
    return Decision.deny(_("Only the applicant and the alliance's secretariat see an application."))


def can_invite_to_join(user: Any, alliance: Alliance) -> Decision:
    """The secretariat invites organisations to apply while its alliance admits members (Art. 8(6): take in
    new members as needed, work with outside organisations)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if alliance.status in (AllianceStatus.DISSOLVED, AllianceStatus.SUSPENDED):
        return Decision.deny(_("This alliance admits no members at present."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat invites organisations to apply (Art. 8(6))."))
    return Decision.deny(_("Only the alliance's secretariat invites organisations to apply."))


def can_apply(user: Any, alliance: Alliance) -> Decision:
    """Any logged-in account may apply on behalf of an organisation to an alliance that admits members."""
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("Log in to apply."))
    if alliance.status in (AllianceStatus.DISSOLVED, AllianceStatus.SUSPENDED):
        return Decision.deny(_("This alliance admits no members at present."))
    return Decision.allow(_("Any organisation may apply to join (Art. 8(6))."))


def can_view_exits(user: Any, alliance: Alliance) -> Decision:
    """Notices of exit and expulsions are seen by the alliance's own people and the officers who keep it."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if can_manage_members(user, alliance) or s.national or s.has_alliance_role(alliance.pk):
        return Decision.allow(_("You hold a role in this alliance."))
    return Decision.deny(_("Only the alliance's members, secretariat and officers see exits and expulsions."))


def can_give_exit_notice(user: Any, membership: Any) -> Decision:
    """A member's own contacts give written notice of exit; the secretariat records one it received."""
    if can_manage_members(user, membership.alliance):
        return Decision.allow(_("The secretariat records a written notice it received."))
    if role_summary(user).acts_for(
        membership.organisation_id, Role.LEGAL_REPRESENTATIVE, Role.MEMBER_CONTACT
    ):
        return Decision.allow(_("You act for this member."))
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("You must log in first."))
    return Decision.deny(
        _("Only the member's own contacts, or the secretariat recording their written notice, give notice.")
    )


def can_view_breaches(user: Any, alliance: Alliance) -> Decision:
    """Notices of breach: the keepers of the member list see all of an alliance's; a member's contacts
    and legal representative see those served on their own organisation (``selectors.breaches_of``)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if can_manage_members(user, alliance) or s.national:
        return Decision.allow(_("You keep this alliance's member list."))
    if s.has_alliance_role(alliance.pk, Role.MEMBER_CONTACT) or s.has_alliance_role(
        alliance.pk, Role.LEGAL_REPRESENTATIVE
    ):
        return Decision.allow(_("A member's contacts see the notices of breach served on it."))
    return Decision.deny(_("Only the secretariat, officers and the member concerned see notices of breach."))


def can_report_cure(user: Any, notice: Any) -> Decision:
    """The defaulting member's own contacts and legal representative report a breach cured."""
    if role_summary(user).acts_for(
        notice.membership.organisation_id, Role.LEGAL_REPRESENTATIVE, Role.MEMBER_CONTACT
    ):
        return Decision.allow(_("You act for this member."))
    if not getattr(user, "is_authenticated", False):
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the member's own contacts and legal representative report a breach cured."))
