"""What a user's role assignments add up to, loaded once per request and cached on the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itisa.accounts.choices import Role

_CACHE_ATTR = "_itisa_role_summary"


@dataclass(frozen=True)
class RoleSummary:
    """The scopes in which a user holds each role. Anonymous users have an empty summary."""

    authenticated: bool = False
    national: bool = False
    provinces: frozenset[str] = frozenset()
    # industries the user oversees as an association or a ministry officer (they see the same alliances)
    industries: frozenset[str] = frozenset()
    # of those, the industries the user oversees for a central ministry
    ministry_industries: frozenset[str] = frozenset()
    # granting departments whose grants a government supervisor may read
    departments: frozenset[str] = frozenset()
    # alliance id -> roles held in that alliance
    alliance_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    # organisation id -> roles the user holds for it (member contact, legal representative)
    org_roles: dict[int, frozenset[str]] = field(default_factory=dict)

    def has_alliance_role(self, alliance_id: int, *roles: str) -> bool:
        held = self.alliance_roles.get(alliance_id, frozenset())
        return bool(held.intersection(roles)) if roles else bool(held)

    @property
    def organisations(self) -> frozenset[int]:
        """Organisations the user acts for in any role."""
        return frozenset(self.org_roles)

    def acts_for(self, organisation_id: int, *roles: str) -> bool:
        """Whether the user holds one of ``roles`` (any role if none given) for that organisation."""
        held = self.org_roles.get(organisation_id, frozenset())
        return bool(held.intersection(roles)) if roles else bool(held)

    def alliances_with(self, *roles: str) -> set[int]:
        return {aid for aid, held in self.alliance_roles.items() if held.intersection(roles)}

    @property
    def is_officer(self) -> bool:
        return self.national or bool(self.provinces) or bool(self.industries)

    @property
    def has_any_role(self) -> bool:
        return self.is_officer or bool(self.alliance_roles)


def role_summary(user: Any) -> RoleSummary:
    """Summarise ``user``'s roles with one query, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return RoleSummary()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from itisa.accounts.models import RoleAssignment

    national = False
    provinces: set[str] = set()
    industries: set[str] = set()
    ministry_industries: set[str] = set()
    departments: set[str] = set()
    alliance_roles: dict[int, set[str]] = {}
    org_roles: dict[int, set[str]] = {}
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "role", "alliance_id", "organisation_id", "province", "industry", "department"
    )
    for role, alliance_id, organisation_id, province, industry, department in rows:
        if role == Role.NATIONAL_OFFICER:
            national = True
        elif role == Role.PROVINCIAL_OFFICER and province:
            provinces.add(province)
        elif role == Role.ASSOCIATION_OFFICER and industry:
            industries.add(industry)
        elif role == Role.MINISTRY_OFFICER and industry:
            industries.add(industry)
            ministry_industries.add(industry)
        elif role == Role.GOVERNMENT_SUPERVISOR and department:
            departments.add(department)
        elif alliance_id is not None:
            alliance_roles.setdefault(alliance_id, set()).add(role)
            if organisation_id is not None:
                org_roles.setdefault(organisation_id, set()).add(role)
    summary = RoleSummary(
        authenticated=True,
        national=national,
        provinces=frozenset(provinces),
        industries=frozenset(industries),
        ministry_industries=frozenset(ministry_industries),
        departments=frozenset(departments),
        alliance_roles={k: frozenset(v) for k, v in alliance_roles.items()},
        org_roles={k: frozenset(v) for k, v in org_roles.items()},
    )
    setattr(user, _CACHE_ATTR, summary)
    return summary


def forget_roles(user: Any) -> None:
    """Drop the cached summary after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class SystemViewer:
    """The operator at the command line: reads everything, like a national officer.

    Selectors take a viewer; commands are run by whoever has shell access to the database, so they
    read through the same selectors with an all-seeing summary. Never passed to a service as ``by``.
    """

    is_authenticated = True
    pk = None

    def __init__(self) -> None:
        setattr(self, _CACHE_ATTR, RoleSummary(authenticated=True, national=True))
