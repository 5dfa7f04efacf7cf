"""The global search box (issue 21, item 6): alliances, organisations, results and people, each through the
owning app's own scoping, so a search shows nothing its pages would not.

- alliances: ``registry.selectors.alliances_visible_to`` (the public: every alliance past forming);
- organisations: ``registry.selectors.organisation_search`` (role holders: the registry; the public: the
  members and host units of public alliances);
- results: of the alliances the viewer sees, the public ones, and all of those whose register the viewer
  sees (``results.permissions.sees_register``: the alliance's people and the national office);
- people: the national office finds every role holder; a secretariat the role holders of its alliances;
  nobody else finds people (names are not public).

Each group is capped at ``LIMIT`` rows, newest or best-known first, in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment, User
from itisa.accounts.roles import role_summary
from itisa.registry.models import Alliance, Organisation
from itisa.registry.selectors import alliances_visible_to, organisation_search
from itisa.results.models import Result
from itisa.results.permissions import ALLIANCE_PEOPLE

LIMIT = 10
MIN_LENGTH = 2  # one Latin letter finds everything; two characters is a word in Chinese


@dataclass
class SearchResults:
    q: str
    alliances: list[Alliance] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    people: list[tuple[User, list[RoleAssignment]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.alliances) + len(self.organisations) + len(self.results) + len(self.people)


def _alliances(user: Any, q: str) -> list[Alliance]:
    text = (
        Q(code__icontains=q)
        | Q(name_zh__icontains=q)
        | Q(name_en__icontains=q)
        | Q(short_name_zh__icontains=q)
    )
    return list(alliances_visible_to(user).filter(text).order_by("code")[:LIMIT])


def _results(user: Any, q: str) -> list[Result]:
    s = role_summary(user)
    visible = alliances_visible_to(user).values("pk")
    seen = Q(public=True) if not s.national else Q()
    if not s.national:
        seen |= Q(alliance_id__in=s.alliances_with(*ALLIANCE_PEOPLE))
    text = Q(code__icontains=q) | Q(title_zh__icontains=q) | Q(title_en__icontains=q) | Q(number__icontains=q)
    qs = Result.objects.filter(seen, text, alliance__in=visible).select_related("alliance")
    return list(qs.order_by("-pk")[:LIMIT])


def _people(user: Any, q: str) -> list[tuple[User, list[RoleAssignment]]]:
    s = role_summary(user)
    if s.national:
        scope = Q()
    elif secretariat := s.alliances_with(Role.SECRETARIAT):
        scope = Q(alliance_id__in=secretariat)
    else:
        return []
    text = (
        Q(user__display_name__icontains=q) | Q(user__username__icontains=q) | Q(user__first_name__icontains=q)
        | Q(user__last_name__icontains=q) | Q(user__email__iexact=q)
    )  # fmt: skip
    users = list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(scope, text).values("user_id"), is_active=True
        ).order_by("display_name", "username")[:LIMIT]
    )
    roles: dict[int, list[RoleAssignment]] = {u.pk: [] for u in users}
    for ra in (
        RoleAssignment.objects.filter(scope, user_id__in=roles)
        .select_related("alliance", "organisation")
        .order_by("role", "pk")
    ):
        roles[ra.user_id].append(ra)
    return [(u, roles[u.pk]) for u in users]


def global_search(user: Any, q: str) -> SearchResults:
    """What ``user`` may see that matches ``q`` (stripped; shorter than ``MIN_LENGTH`` finds nothing)."""
    q = q.strip()
    found = SearchResults(q=q)
    if len(q) < MIN_LENGTH:
        return found
    found.alliances = _alliances(user, q)
    found.organisations = list(organisation_search(user, q=q)[:LIMIT])
    found.results = _results(user, q)
    found.people = _people(user, q)
    return found
