"""Who may see and change organisations and alliances. Each predicate returns a Decision with a reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance, Organisation
from itisa.registry.workflows import ALLIANCE_TRANSITIONS, NATIONAL, PROVINCIAL, SECRETARIAT

NOT_LOGGED_IN = _("You must log in first.")
PILOT_ONLY_BY_DECISION = _(
    "An alliance becomes a pilot only when the national office publishes the list of a call for pilots "
    "that selected it; its status cannot be set to pilot by hand."
)


def _is_provincial_for(summary: Any, alliance: Alliance) -> bool:
    return alliance.scope == AllianceScope.REGIONAL and alliance.province in summary.provinces


def can_view_alliance(user: Any, alliance: Alliance) -> Decision:
    """Alliances past forming are public; a forming one only to its own people and competent officers."""
    if alliance.status != AllianceStatus.FORMING:
        return Decision.allow(_("Established alliances are public."))
    s = role_summary(user)
    if s.national:
        return Decision.allow(_("National office officers see every alliance."))
    if _is_provincial_for(s, alliance):
        return Decision.allow(_("Provincial officers see the regional alliances of their province."))
    if alliance.industry in s.industries:
        return Decision.allow(_("Association officers see the alliances of their industry."))
    if s.has_alliance_role(alliance.pk):
        return Decision.allow(_("You hold a role in this alliance."))
    return Decision.deny(_("An alliance that is still forming is visible only to its members and officers."))


def can_create_alliance(user: Any, *, scope: str = "", province: str = "") -> Decision:
    """National officers register any alliance; provincial officers the regional ones of their province."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("National office officers register alliances."))
    if s.provinces and (
        not scope or (scope == AllianceScope.REGIONAL and (not province or province in s.provinces))
    ):
        return Decision.allow(_("Provincial officers register regional alliances of their province."))
    if s.provinces:
        return Decision.deny(
            _("Provincial officers may register only regional alliances of their own province.")
        )
    return Decision.deny(_("Only national and provincial officers register alliances."))


def can_edit_alliance(user: Any, alliance: Alliance) -> Decision:
    """The alliance's secretariat and the competent officers keep its record."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("National office officers keep every alliance's record."))
    if _is_provincial_for(s, alliance):
        return Decision.allow(_("Provincial officers keep the records of their regional alliances."))
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat keeps its alliance's record."))
    return Decision.deny(
        _("Only the alliance's secretariat and the competent officers may edit this alliance.")
    )


def actor_kinds(user: Any, alliance: Alliance) -> set[str]:
    """Which workflow actors ``user`` is for ``alliance``."""
    s = role_summary(user)
    kinds: set[str] = set()
    if s.national:
        kinds.add(NATIONAL)
    if _is_provincial_for(s, alliance):
        kinds.add(PROVINCIAL)
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        kinds.add(SECRETARIAT)
    return kinds


def can_change_alliance_status(user: Any, alliance: Alliance, new_status: str) -> Decision:
    """Checks the transition table (workflows.ALLIANCE_TRANSITIONS) and the actor."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    allowed = ALLIANCE_TRANSITIONS.allowed(alliance.status, new_status)
    if allowed is None:
        return Decision.deny(
            _("An alliance cannot move from %(old)s to %(new)s.")
            % {"old": AllianceStatus(alliance.status).label, "new": AllianceStatus(new_status).label}
        )
    if new_status == AllianceStatus.PILOT:
        # the move is the system's alone (workflows.ALLIANCE_TRANSITIONS): no role makes an alliance a pilot
        return Decision.deny(PILOT_ONLY_BY_DECISION)
    if actor_kinds(user, alliance) & allowed:
        return Decision.allow(_("The transition table allows you this move."))
    return Decision.deny(_("You are not among those who may make this status change."))


def can_view_organisation(user: Any, org: Organisation, *, public_member: bool) -> Decision:
    """Logged-in role holders see the registry; the public sees members of public alliances.

    ``public_member`` says whether the organisation belongs to an alliance that is past forming
    (the selector computes it).
    """
    s = role_summary(user)
    if s.has_any_role:
        return Decision.allow(_("Role holders see the organisation registry."))
    if public_member:
        return Decision.allow(_("Members of public alliances are public."))
    return Decision.deny(_("This organisation is not a member of any public alliance."))


def _secretariat_of_member(s: Any, active_alliance_ids: set[int]) -> bool:
    return bool(s.alliances_with(Role.SECRETARIAT) & active_alliance_ids)


def can_view_contacts(user: Any, org: Organisation, *, active_alliance_ids: set[int]) -> Decision:
    """Contact details of a legal representative are personal data: shown to those who work with them."""
    s = role_summary(user)
    if s.national or org.province in s.provinces:
        return Decision.allow(_("Competent officers see contact details."))
    if org.pk in s.organisations or _secretariat_of_member(s, active_alliance_ids):
        return Decision.allow(_("You work with this organisation."))
    return Decision.deny(
        _("Contact details are shown only to officers, the secretariats and the organisation itself.")
    )


def can_create_organisation(user: Any) -> Decision:
    """Officers and secretariat staff register member units."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national or s.provinces or s.alliances_with(Role.SECRETARIAT):
        return Decision.allow(_("Officers and secretariats register organisations."))
    return Decision.deny(_("Only officers and secretariat staff register organisations."))


def can_edit_organisation(user: Any, org: Organisation, *, active_alliance_ids: set[int]) -> Decision:
    """Officers, the secretariats of alliances it belongs to, and its own contact keep its record."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("National office officers keep every record."))
    if org.province in s.provinces:
        return Decision.allow(_("Provincial officers keep the records of their province."))
    if _secretariat_of_member(s, active_alliance_ids):
        return Decision.allow(_("The secretariat keeps its members' records."))
    if s.acts_for(org.pk, Role.MEMBER_CONTACT):
        return Decision.allow(_("A member contact keeps its own organisation's record."))
    return Decision.deny(_("Only officers, secretariats of its alliances and its own contact may edit it."))


def can_change_organisation_identity(
    user: Any, org: Organisation, *, new_province: str, active_alliance_ids: set[int]
) -> Decision:
    """Credit code, province and region decide who is competent for an organisation, so a member
    contact may not change them: officers (of both provinces) and the secretariats of its alliances may."""
    s = role_summary(user)
    if s.national:
        return Decision.allow(_("National office officers keep every record."))
    if org.province in s.provinces and new_province in s.provinces:
        return Decision.allow(_("Provincial officers keep the records of their province."))
    if _secretariat_of_member(s, active_alliance_ids):
        return Decision.allow(_("The secretariat keeps its members' records."))
    return Decision.deny(
        _(
            "Only officers and the secretariats of its alliances may change an organisation's credit code or region."
        )
    )


def can_confirm_uscc(user: Any, *, province: str) -> Decision:
    """Accepting a code that fails only the 18th character is an officer's decision (DOMAIN.md)."""
    s = role_summary(user)
    if s.national or (province and province in s.provinces):
        return Decision.allow(_("Officers may accept a code after checking the licence."))
    return Decision.deny(
        _(
            "Only a national officer or the provincial officer may accept a code that fails its check character."
        )
    )
