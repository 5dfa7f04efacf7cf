"""Reads for eligibility: the alliances an officer surveys, and their reports in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from itisa.accounts.roles import role_summary
from itisa.pilots.eligibility import RULE_SETS, Report
from itisa.pilots.eligibility.build import registry_reports
from itisa.pilots.eligibility.criteria import FAIL, PASS, REVIEW
from itisa.pilots.eligibility.permissions import can_view_eligibility
from itisa.pilots.models import Finding
from itisa.registry.choices import AllianceStatus
from itisa.registry.models import Alliance


def alliances_for_survey(user: Any) -> QuerySet[Alliance]:
    """Alliances (not dissolved) in the officer's scope: all for the national office; for a province's
    officers its regional alliances and every alliance whose host unit is in it; those of an industry for its
    association's officers; none for anyone else."""
    s = role_summary(user)
    qs = Alliance.objects.exclude(status=AllianceStatus.DISSOLVED).order_by("code")
    if s.national:
        return qs
    scope = Q(pk__in=[])
    if s.provinces:  # as for pilot applications (``selectors._scope_q``): hosted in the province counts too
        scope |= Q(province__in=s.provinces) | Q(host_unit__province__in=s.provinces)
    if s.industries:
        scope |= Q(industry__in=s.industries)
    return qs.filter(scope)


@dataclass
class Survey:
    """Every alliance's report under one rule set, with the number of each result per criterion."""

    rules: str
    rows: list[tuple[Alliance, Report]]
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def eligible(self) -> Counter[str]:
        return Counter(
            {True: "eligible", False: "not_eligible", None: "needs_review"}[r.eligible] for _a, r in self.rows
        )


def eligibility_survey(user: Any, *, rules: str = "2008", as_of: dt.date | None = None) -> Survey:
    rows = registry_reports(alliances_for_survey(user), rules=rules, as_of=as_of)
    counts: dict[str, Counter[str]] = {
        c.code: Counter({PASS: 0, FAIL: 0, REVIEW: 0}) for c in RULE_SETS[rules].criteria
    }
    for _alliance, report in rows:
        for r in report.results:
            counts[r.code][r.result] += 1
    return Survey(rules, rows, counts)


def findings_of(user: Any, alliance: Alliance) -> QuerySet[Finding]:
    """The findings recorded for ``alliance``, newest first, for those who may see its eligibility."""
    if not can_view_eligibility(user, alliance):
        return Finding.objects.none()
    return (
        Finding.objects.filter(alliance=alliance).select_related("organisation", "by").order_by("-at", "-pk")
    )
