"""Template context shared by every page: the role-aware navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.invitations.permissions import may_invite
from itisa.promotion.permissions import may_promote
from itisa.registry.permissions import can_create_alliance, can_create_organisation


def _role_labels(summary: Any) -> list[str]:
    roles: set[str] = set()
    if summary.national:
        roles.add(Role.NATIONAL_OFFICER)
    if summary.provinces:
        roles.add(Role.PROVINCIAL_OFFICER)
    if summary.ministry_industries:
        roles.add(Role.MINISTRY_OFFICER)
    if summary.industries - summary.ministry_industries:
        roles.add(Role.ASSOCIATION_OFFICER)
    for held in summary.alliance_roles.values():
        roles.update(held)
    return [str(Role(r).label) for r in Role.values if r in roles]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header needs: which create links to show and the user's roles."""
    user = getattr(request, "user", None)
    summary = role_summary(user)
    return {
        "nav": {
            "can_create_alliance": bool(can_create_alliance(user)) if summary.authenticated else False,
            "can_create_organisation": bool(can_create_organisation(user))
            if summary.authenticated
            else False,
            "is_officer": summary.is_officer,
            # the office and the granting departments follow the diffusion of publicly funded results
            "follows_diffusion": summary.national or bool(summary.departments),
            # a secretariat or an officer invites people to the roles it may grant (no query: the summary)
            "may_invite": bool(may_invite(user)) if summary.authenticated else False,
            # provincial, association and ministry officers promote the alliances forming in their scope
            "may_promote": bool(may_promote(user)) if summary.authenticated else False,
            "roles": _role_labels(summary),
            # signing keys are for those who sign (legal representatives) or confirm keys (the secretariat)
            # and the office; the others never need the link (API tokens live on the account page)
            "uses_keys": summary.national
            or bool(summary.alliances_with(Role.LEGAL_REPRESENTATIVE, Role.SECRETARIAT)),
        },
        "itisa_cjk_font": settings.ITISA_CJK_FONT,
        "language_neutral_path": language_neutral_path(request.get_full_path()),
    }


def language_neutral_path(path: str) -> str:
    """The path without a language prefix, so that set_language can translate it to either language.

    Django's ``translate_url`` cannot resolve ``/en/…`` while Chinese (the unprefixed default) is
    being activated, so the switch posts the unprefixed path as ``next``.
    """
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path
