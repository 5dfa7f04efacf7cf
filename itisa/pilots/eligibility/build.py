"""Facts for Article 8 read from the database: one alliance, or the whole registry in a fixed number of queries.

The builders only read; every judgement stays in the pure criteria. Sources, clause by clause:
- (1) active memberships, the organisations' kinds and credit codes (an individual business, 92…, is not a
  legal person); the national office's latest findings on what data cannot decide (backbone enterprise,
  frontier standing), else they need review;
- (2) the effective agreement (goals with their targets and dates, task division) and the signatures on it
  and on effective accessions (made through the signing service, or verified by the dossier import);
- (3) governance bodies, the staff register and the liability designation (else the agreement's);
- (4) the agreement's fund rules, the ledger book (its workflow separates preparer and approver),
  an appointed fund supervisor, and government grants kept as restricted funds of their own;
- (5) the agreement's IP and breach sections; (6) its admission rules and diffusion section.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.agreements.choices import VersionKind, VersionStatus
from itisa.agreements.models import AgreementVersion, Signature
from itisa.core.queries import fetch_rows
from itisa.governance.models import Body, LiabilityDesignation, StaffMember
from itisa.ledger.choices import FundKind
from itisa.ledger.models import Book, Fund
from itisa.membership.models import Membership
from itisa.pilots.eligibility import Report, evaluate
from itisa.pilots.eligibility.facts import Facts, MemberFacts, agreement_facts, independent_legal_person
from itisa.pilots.models import Finding, FindingQuestion
from itisa.registry.models import Alliance


def facts_for_alliances(alliances: Iterable[Alliance], *, as_of: dt.date | None = None) -> dict[int, Facts]:
    """Facts for each alliance, keyed by its pk, in ten queries however many alliances there are."""
    ids: Any
    heads: list[tuple[int, str, dt.date | None]]
    if isinstance(alliances, QuerySet):
        # the three columns the facts use, not model instances (10,000 instances, 20,000 datetimes parsed)
        heads = fetch_rows(alliances.values_list("pk", "code", "founded_on"))
        ids = [h[0] for h in heads]
        if not alliances.query.is_sliced:
            ids = alliances.order_by().values("pk")  # a subquery, not 10,000 bound parameters
    else:
        heads = [(a.pk, a.code, a.founded_on) for a in alliances]
        ids = [h[0] for h in heads]
    as_of = as_of or timezone.localdate()

    found: dict[tuple[int, int, str], bool] = {}
    for alliance_id, org_id, question, holds in fetch_rows(
        Finding.objects.filter(alliance_id__in=ids, at__date__lte=as_of)
        .order_by("at", "pk")
        .values_list("alliance_id", "organisation_id", "question", "holds")
    ):
        found[alliance_id, org_id, question] = holds  # the latest finding holds

    members: dict[int, list[MemberFacts]] = defaultdict(list)
    member_orgs: dict[int, dict[int, str]] = defaultdict(dict)
    # plain tuples, not model instances: building 60,000 instances was most of the survey's time
    backbone, frontier = FindingQuestion.BACKBONE.value, FindingQuestion.FRONTIER.value
    # facts are frozen, so a member of many alliances with the same findings shares one instance
    shared: dict[tuple[str, str, bool | None, bool | None], MemberFacts] = {}
    for alliance_id, org_id, uscc, kind in fetch_rows(
        Membership.objects.active_on(as_of)
        .filter(alliance_id__in=ids)
        .order_by("alliance_id", "organisation__uscc")
        .values_list("alliance_id", "organisation_id", "organisation__uscc", "organisation__kind")
    ):
        if found:
            key = (
                uscc,
                kind,
                found.get((alliance_id, org_id, backbone)),
                found.get((alliance_id, org_id, frontier)),
            )
        else:  # no findings at all (most of a survey): skip two lookups per member
            key = (uscc, kind, None, None)
        member = shared.get(key)
        if member is None:
            member = shared[key] = MemberFacts(
                uscc,
                kind,
                independent_legal_person=independent_legal_person(uscc),
                backbone_enterprise=key[2],
                frontier=key[3],
            )
        members[alliance_id].append(member)
        member_orgs[alliance_id][org_id] = uscc

    # (pk, content, acceding organisation) of the effective agreement and accessions of each alliance
    agreements: dict[int, tuple[int, Any, int | None]] = {}
    accessions: dict[int, list[tuple[int, Any, int | None]]] = defaultdict(list)
    for alliance_id, version_id, kind, content, acceding_id in fetch_rows(
        AgreementVersion.objects.filter(alliance_id__in=ids, status=VersionStatus.EFFECTIVE)
        .order_by("pk")
        .values_list("alliance_id", "pk", "kind", "content", "acceding_organisation_id")
    ):
        if kind == VersionKind.ACCESSION:
            accessions[alliance_id].append((version_id, content, acceding_id))
        else:
            agreements[alliance_id] = (version_id, content, acceding_id)
    signed: dict[int, set[int]] = defaultdict(set)
    for version_id, org_id in fetch_rows(
        Signature.objects.filter(version__alliance_id__in=ids, version__status=VersionStatus.EFFECTIVE)
        .order_by()
        .values_list("version_id", "organisation_id")
    ):
        signed[version_id].add(org_id)

    body_kinds: dict[int, set[str]] = defaultdict(set)
    for alliance_id, kind in Body.objects.filter(alliance_id__in=ids).values_list("alliance_id", "kind"):
        body_kinds[alliance_id].add(kind)
    staff = dict(
        StaffMember.objects.filter(alliance_id__in=ids, full_time=True, since__lte=as_of)
        .filter(Q(until__isnull=True) | Q(until__gte=as_of))
        .values_list("alliance_id")
        .annotate(n=Count("pk"))
        .values_list("alliance_id", "n")
    )
    liability: dict[int, str] = {}
    for alliance_id, uscc in (
        LiabilityDesignation.objects.filter(alliance_id__in=ids, since__lte=as_of)
        .order_by("alliance_id", "since", "pk")
        .values_list("alliance_id", "organisation__uscc")
    ):
        liability[alliance_id] = uscc  # the latest designation wins

    books = set(Book.objects.filter(alliance_id__in=ids).values_list("alliance_id", flat=True))
    grants: dict[int, list[bool]] = defaultdict(list)
    for alliance_id, restricted in Fund.objects.filter(
        book__alliance_id__in=ids, kind=FundKind.GOVERNMENT_GRANT
    ).values_list("book__alliance_id", "restricted"):
        grants[alliance_id].append(restricted)
    supervised = set(
        RoleAssignment.objects.filter(alliance_id__in=ids, role=Role.FUND_SUPERVISOR).values_list(
            "alliance_id", flat=True
        )
    )

    result: dict[int, Facts] = {}
    for pk, code, founded_on in heads:
        agreement = agreements.get(pk)
        content = agreement[1] if agreement else {}
        orgs = member_orgs[pk]
        covered = {t.get("party", "") for t in content.get("tasks") or []}
        signers = set(signed[agreement[0]]) if agreement else set()
        for version_id, accession_content, acceding_id in accessions[pk]:
            task = (accession_content or {}).get("task")
            if acceding_id in orgs:
                if task:
                    covered.add(orgs[acceding_id])
                if acceding_id in signed[version_id]:
                    signers.add(acceding_id)
        result[pk] = Facts(
            alliance=code,
            as_of=as_of,
            founded_on=founded_on,
            members=tuple(members[pk]),
            effective_agreement=agreement is not None,
            task_division_covers=frozenset(covered),
            signed_by_all_legal_representatives=bool(orgs) and set(orgs) <= signers,
            unsigned_members=tuple(
                sorted(uscc for org_id, uscc in orgs.items() if org_id not in signers)
                if signers
                else sorted(orgs.values())
            ),
            body_kinds=frozenset(body_kinds[pk]),
            liability_member=liability.get(pk) or content.get("liability_member") or None,
            full_time_staff=staff.get(pk, 0),
            separation_of_duties=pk in books,
            fund_supervisor_appointed=pk in supervised,
            government_funds_separate=all(grants[pk]) if grants[pk] else None,
            **agreement_facts(content),
        )
    return result


def alliance_facts(alliance: Alliance, *, as_of: dt.date | None = None) -> Facts:
    return facts_for_alliances([alliance], as_of=as_of)[alliance.pk]


def alliance_report(alliance: Alliance, *, rules: str = "2008", as_of: dt.date | None = None) -> Report:
    """The eligibility report of one alliance under a rule set, from what the platform holds today."""
    return evaluate(alliance_facts(alliance, as_of=as_of), rules=rules)


def registry_reports(
    alliances: Iterable[Alliance], *, rules: str = "2008", as_of: dt.date | None = None
) -> list[tuple[Alliance, Report]]:
    """Reports for many alliances, in the order given, in a fixed number of queries."""
    alliances = list(alliances)
    facts = facts_for_alliances(alliances, as_of=as_of)
    return [(a, evaluate(facts[a.pk], rules=rules)) for a in alliances]
