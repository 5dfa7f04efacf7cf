"""Reads of the pilot program, scoped to the viewer; conflicts of interest; aggregated scores."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Need, demand
from itisa.core.errors import NotFound
from itisa.governance.models import Seat
from itisa.governance.selectors import current_seats_q
from itisa.membership.models import Membership
from itisa.pilots.choices import SELECTED, ApplicationStatus, CallScope, CallStatus
from itisa.pilots.models import (
    Application,
    ApplicationStatusChange,
    Assignment,
    Call,
    Expert,
    Recommendation,
    Review,
)
from itisa.pilots.permissions import can_manage_call, can_view_application, can_view_published
from itisa.registry.models import Alliance

# An expert whose weighted total is more than this many points from the mean of all experts on the
# same application is flagged as an outlier for the office to look at (not discarded).
OUTLIER_POINTS = Decimal("15")
CENT = Decimal("0.01")


# --- calls ----------------------------------------------------------------------------------------


def calls_visible_to(user: Any, *, scope: str = "", province: str = "") -> QuerySet[Call]:
    """Every call to the national office; to a provincial department, its own province's drafts too;
    the opened ones to everyone else. ``scope`` and ``province`` filter by programme."""
    qs = Call.objects.annotate(
        n_applications=Count("applications", filter=~Q(applications__status="draft"))
    ).order_by("-opens_on", "-pk")  # Meta.ordering does not apply to an aggregating query
    if scope:
        qs = qs.filter(scope=scope)
    if province:
        qs = qs.filter(province=province)
    s = role_summary(user)
    if s.national:
        return qs
    return qs.filter(~Q(status=CallStatus.DRAFT) | Q(scope=CallScope.PROVINCIAL, province__in=s.provinces))


def call_get(user: Any, pk: int) -> Call | None:
    return calls_visible_to(user).filter(pk=pk).first()


def access_call(user: Any, pk: int) -> Call:
    """Find and check: call ``pk`` if the viewer may see it; NotFound whether it is missing or hidden."""
    found = call_get(user, pk)
    if found is None:
        raise NotFound(_("No such call, or it is not open yet."))
    return found


def access_published_call(user: Any, pk: int) -> Call:
    """Find and check: call ``pk`` whose pilot list is published; NotFound (with the reason) before that."""
    call = access_call(user, pk)
    decision = can_view_published(call)
    if not decision:
        raise NotFound(decision.reason)
    return call


# --- applications ---------------------------------------------------------------------------------


def recommendable_q(user: Any) -> Q:
    """Applications of alliances the viewer may recommend (``permissions.recommender_capacity``): to a
    national call, those of its province (or its host unit's) or industry; to a provincial call, those
    of its industry for an association officer only. Drafts included: callers exclude them."""
    s = role_summary(user)
    q = Q(pk__in=[])
    national_call = Q(call__scope=CallScope.NATIONAL)
    if s.provinces:
        q |= national_call & (
            Q(alliance__province__in=s.provinces) | Q(alliance__host_unit__province__in=s.provinces)
        )
    if s.industries:
        q |= national_call & Q(alliance__industry__in=s.industries)
    if association := s.industries - s.ministry_industries:
        q |= Q(call__scope=CallScope.PROVINCIAL, alliance__industry__in=association)
    return q


def _scope_q(user: Any) -> Q:
    """Applications the viewer sees: own alliances', recommendable ones in scope, every one of the
    provincial calls the viewer runs, assigned ones."""
    s = role_summary(user)
    q = Q(alliance_id__in=s.alliances_with(Role.SECRETARIAT))
    submitted = ~Q(status=ApplicationStatus.DRAFT)
    if s.provinces or s.industries:
        q |= submitted & recommendable_q(user)
    if s.provinces:
        q |= Q(call__scope=CallScope.PROVINCIAL, call__province__in=s.provinces)
    if s.authenticated:
        q |= Q(Exists(Assignment.objects.filter(application=OuterRef("pk"), expert__user_id=user.pk)))
    return q


def applications_visible_to(
    user: Any,
    *,
    call: Call | None = None,
    status: str = "",
    q: str = "",
    province: str = "",
    industry: str = "",
    scope: str = "",
) -> QuerySet[Application]:
    """The applications the viewer may see, filtered (``scope``: national or provincial calls), with what
    the queue shows in a fixed number of queries."""
    s = role_summary(user)
    if not s.authenticated:
        return Application.objects.none()
    qs = Application.objects.all() if s.national else Application.objects.filter(_scope_q(user))
    if call is not None:
        qs = qs.filter(call=call)
    if status:
        qs = qs.filter(status=status)
    if scope:
        qs = qs.filter(call__scope=scope)
    if province:
        qs = qs.filter(Q(alliance__province=province) | Q(alliance__host_unit__province=province))
    if industry:
        qs = qs.filter(alliance__industry=industry)
    if q:
        qs = qs.filter(
            Q(alliance__code__icontains=q)
            | Q(alliance__name_zh__icontains=q)
            | Q(alliance__name_en__icontains=q)
        )
    return (
        qs.select_related("call", "alliance", "alliance__host_unit")
        .annotate(
            n_recommendations=Count("recommendations", distinct=True),
            n_assignments=Count("assignments", distinct=True),
            n_reviews=Count("assignments__review", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def application_get(user: Any, pk: int) -> Application | None:
    return applications_visible_to(user).filter(pk=pk).first()


def access_application(
    user: Any, pk: int, *, need: Need | Sequence[Need] = can_view_application
) -> Application:
    """Find and check: the application if the viewer may see it, else NotFound whether missing or hidden.

    ``need`` (reading it, unless told) refuses with the reason: an assigned expert with a conflict of
    interest sees that it exists but may not read it.
    """
    application = application_get(user, pk)
    if application is None:
        raise NotFound(_("No such application, or you may not see it."))
    demand(user, application, need)
    return application


def application_history(application: Application) -> QuerySet[ApplicationStatusChange]:
    return application.status_changes.select_related("by").order_by("at", "pk")


def recommendation_letter(application: Application, pk: int) -> Recommendation | None:
    """A recommendation of an application the viewer may see, if it has a signed letter (PDF)."""
    return application.recommendations.filter(pk=pk).exclude(letter_file="").first()


def recommendations_of(application: Application) -> QuerySet[Recommendation]:
    return application.recommendations.select_related("recommender").order_by("at", "pk")


def assignments_of(application: Application) -> QuerySet[Assignment]:
    return application.assignments.select_related("expert", "expert__organisation", "review").order_by(
        "assigned_at", "pk"
    )


# --- experts and conflicts of interest -----------------------------------------------------------


def experts_in_pool(user: Any, q: str = "") -> QuerySet[Expert]:
    """The office's pool, those in it first then those removed (kept with their assignments and reviews);
    ``q`` searches the name, account, organisation and fields of speciality."""
    if not role_summary(user).national:
        return Expert.objects.none()
    experts = Expert.objects.all()
    if q.strip():
        q = q.strip()
        experts = experts.filter(
            Q(name__icontains=q)
            | Q(user__username__icontains=q)
            | Q(organisation__name_zh__icontains=q)
            | Q(organisation__uscc__iexact=q)
            | Q(specialities__icontains=q)
        )
    return (
        experts.select_related("user", "organisation")
        .annotate(n_assignments=Count("assignments"))
        .order_by("-active", "name", "pk")  # Meta.ordering does not apply to an aggregating query
    )


def expert_get(user: Any, pk: int) -> Expert | None:
    return experts_in_pool(user).filter(pk=pk).first()


def access_expert(user: Any, pk: int) -> Expert:
    """Find and check: expert ``pk`` in the pool the viewer sees, or NotFound."""
    found = expert_get(user, pk)
    if found is None:
        raise NotFound(_("No such expert."))
    return found


@dataclass(frozen=True)
class AllianceTies:
    """What makes an expert partial to an alliance: its active members, its current seats and the people
    who hold a role in it (its secretariat, council members, member contacts, its own experts…)."""

    member_org_ids: frozenset[int]
    seat_org_ids: frozenset[int]
    seat_user_ids: frozenset[int]
    seat_names: frozenset[str]
    role_user_ids: frozenset[int] = frozenset()


def alliance_ties(alliance: Alliance, *, on: dt.date | None = None) -> AllianceTies:
    """Three queries: the alliance's active members, its bodies' current seats and its role holders."""
    on = on or timezone.localdate()
    members = Membership.objects.active().filter(alliance=alliance).values_list("organisation_id", flat=True)
    seats = list(
        Seat.objects.filter(current_seats_q(on), body__alliance=alliance).values_list(
            "organisation_id", "representative_id", "holder_name"
        )
    )
    return AllianceTies(
        member_org_ids=frozenset(members),
        seat_org_ids=frozenset(o for o, _r, _n in seats if o is not None),
        seat_user_ids=frozenset(r for _o, r, _n in seats if r is not None),
        seat_names=frozenset(n.strip() for o, _r, n in seats if o is None and n.strip()),
        role_user_ids=frozenset(
            RoleAssignment.objects.filter(alliance=alliance).values_list("user_id", flat=True)
        ),
    )


def conflicts_with(expert: Expert, ties: AllianceTies) -> list[str]:
    """The reasons ``expert`` may not review for an alliance with these ties (empty when impartial)."""
    reasons = []
    org = expert.organisation
    if org is not None and org.pk in ties.member_org_ids:
        reasons.append(
            _("the expert's organisation %(org)s is an active member of the alliance") % {"org": org.name_zh}
        )
    if org is not None and org.pk in ties.seat_org_ids:
        reasons.append(
            _("the expert's organisation %(org)s holds a seat on one of the alliance's bodies")
            % {"org": org.name_zh}
        )
    if expert.user_id in ties.seat_user_ids:
        reasons.append(_("the expert represents a seat on one of the alliance's bodies"))
    elif expert.name.strip() in ties.seat_names:
        reasons.append(_("the expert holds an individual seat on one of the alliance's bodies"))
    # an alliance's own people (its secretariat above all) would score their own application and then
    # read the other experts' reviews, which the alliance never sees
    if expert.user_id in ties.role_user_ids:
        reasons.append(_("the expert holds a role in the alliance"))
    return reasons


def expert_conflicts(expert: Expert, alliance: Alliance) -> list[str]:
    return conflicts_with(expert, alliance_ties(alliance))


@dataclass(frozen=True)
class Candidate:
    expert: Expert
    conflicts: list[str]
    assigned: bool


def assignment_candidates(application: Application) -> list[Candidate]:
    """Every active expert with the conflicts of interest that bar them, in five queries."""
    ties = alliance_ties(application.alliance)
    assigned = set(application.assignments.values_list("expert_id", flat=True))
    return [
        Candidate(e, conflicts_with(e, ties), e.pk in assigned)
        for e in Expert.objects.filter(active=True).select_related("organisation").order_by("name", "pk")
    ]


def my_assignments(user: Any) -> QuerySet[Assignment]:
    """The expert's own assignments, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(expert__user=user)
        .select_related("application__alliance", "application__call", "review", "expert")
        .order_by("-assigned_at", "-pk")
    )


def assignment_get(user: Any, pk: int) -> Assignment | None:
    return my_assignments(user).filter(pk=pk).first()


def access_assignment(user: Any, pk: int) -> Assignment:
    """Find and check: assignment ``pk`` if it is the viewer's own, or NotFound."""
    found = assignment_get(user, pk)
    if found is None:
        raise NotFound(_("No such assignment."))
    return found


# --- aggregated scores ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpertScore:
    expert: Expert
    review: Review
    total: Decimal
    deviation: Decimal  # total − mean
    outlier: bool


@dataclass(frozen=True)
class ScoreSummary:
    """Weighted totals per expert, their mean, the spread (max − min and population standard deviation),
    and the outliers (more than OUTLIER_POINTS from the mean)."""

    rows: list[ExpertScore]
    assigned: int
    mean: Decimal | None
    spread: Decimal | None  # max − min
    std_dev: Decimal | None  # population standard deviation

    @property
    def outliers(self) -> list[ExpertScore]:
        return [r for r in self.rows if r.outlier]


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def score_summary(application: Application) -> ScoreSummary:
    """Aggregate the submitted reviews of one application (Decimal throughout, rounded half up to 0.01)."""
    assignments = list(assignments_of(application))
    reviews = [(a.expert, a.review) for a in assignments if hasattr(a, "review")]
    if not reviews:
        return ScoreSummary([], len(assignments), None, None, None)
    totals = [r.total for _e, r in reviews]
    mean = sum(totals, Decimal(0)) / len(totals)
    variance = sum(((t - mean) ** 2 for t in totals), Decimal(0)) / len(totals)
    rows = [
        ExpertScore(e, r, r.total, _q(r.total - mean), abs(r.total - mean) > OUTLIER_POINTS)
        for e, r in reviews
    ]
    return ScoreSummary(rows, len(assignments), _q(mean), _q(max(totals) - min(totals)), _q(variance.sqrt()))


@dataclass(frozen=True)
class QueueScore:
    """An application's standing in its call, for the queue: the mean of its submitted reviews' weighted
    totals and their spread (max − min), both as ``score_summary`` computes them, and its rank among the
    call's reviewed applications by mean (1 = highest; equal means share a rank), of how many."""

    mean: Decimal
    spread: Decimal
    reviews: int
    rank: int
    of: int


def sees_scores(user: Any, call: Call) -> bool:
    """Whether the viewer sees the scores of a call's applications: the national office (which sees every
    review) and whoever runs the call (a province's department for its own calls)."""
    s = role_summary(user)
    return s.authenticated and (s.national or bool(can_manage_call(user, call)))


def queue_scores(user: Any, applications: Sequence[Application]) -> dict[int, QueueScore]:
    """Scores of the given applications for a viewer who may see every review of their call (the national
    office; a province's department for its own calls); others get nothing. One query, whatever the number
    of applications: every review total of the calls on the page, ranked per call in Decimal."""
    calls = {a.call_id: a.call for a in applications}
    open_calls = [pk for pk, call in calls.items() if sees_scores(user, call)]
    if not open_calls:
        return {}
    totals: dict[int, list[Decimal]] = {}
    call_of: dict[int, int] = {}
    rows = Review.objects.filter(assignment__application__call_id__in=open_calls).values_list(
        "assignment__application_id", "assignment__application__call_id", "total"
    )
    for application_id, call_id, total in rows:
        totals.setdefault(application_id, []).append(total)
        call_of[application_id] = call_id
    means = {pk: _q(sum(ts, Decimal(0)) / len(ts)) for pk, ts in totals.items()}
    by_call: dict[int, list[Decimal]] = {}
    for pk, mean in means.items():
        by_call.setdefault(call_of[pk], []).append(mean)
    scores = {}
    for pk, mean in means.items():
        peers = by_call[call_of[pk]]
        scores[pk] = QueueScore(
            mean=mean,
            spread=_q(max(totals[pk]) - min(totals[pk])),
            reviews=len(totals[pk]),
            rank=1 + sum(1 for m in peers if m > mean),
            of=len(peers),
        )
    return scores


def weighted_total(rubric: list[dict[str, Any]], scores: dict[str, int]) -> Decimal:
    """Sum of score × weight / 100 over the rubric, to two decimals."""
    total = sum((Decimal(scores[c["code"]]) * Decimal(c["weight"]) for c in rubric), Decimal(0)) / 100
    return _q(total)


# --- published list and dashboard ----------------------------------------------------------------


def selections_of(alliance: Any) -> QuerySet[Application]:
    """The alliance's published selections (pilot, cultivation, or recognised by a province's programme),
    newest call first (public)."""
    return (
        Application.objects.filter(
            alliance=alliance,
            status=ApplicationStatus.PUBLISHED,
            outcome__in=SELECTED,
            call__status=CallStatus.PUBLISHED,
        )
        .select_related("call")
        .order_by("-call__opens_on", "-pk")
    )


def published_list(call: Call) -> QuerySet[Application]:
    """The selected pilots and cultivation alliances (the recognised alliances of a provincial call) of a
    published call (public)."""
    if call.status != CallStatus.PUBLISHED:
        return Application.objects.none()
    return (
        Application.objects.filter(call=call, status=ApplicationStatus.PUBLISHED, outcome__in=SELECTED)
        .select_related("alliance", "alliance__host_unit")
        .order_by("outcome", "alliance__code")
    )


def decided_counts(call: Call, *, exclude: int | None = None) -> Counter[str]:
    """How many applications of the call were decided per outcome (decided or published)."""
    qs = Application.objects.filter(
        call=call, status__in=[ApplicationStatus.DECIDED, ApplicationStatus.PUBLISHED]
    ).exclude(outcome="")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return Counter(dict(qs.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")))


@dataclass(frozen=True)
class Dashboard:
    by_province: list[tuple[str, int]]
    by_industry: list[tuple[str, int]]
    by_failing_criterion: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    total: int


def dashboard(user: Any, *, call: Call | None = None) -> Dashboard:
    """Submitted applications by province, industry, status and failing or doubtful criterion (from the
    snapshots). Three queries whatever the number of applications. Without a ``call``: the national
    program's calls only (the provincial programmes are the provinces' own)."""
    from itisa.core.industries import Industry
    from itisa.core.regions import Province

    qs = applications_visible_to(user, call=call, scope="" if call else CallScope.NATIONAL).exclude(
        status=ApplicationStatus.DRAFT
    )
    rows = list(
        qs.values_list(
            "alliance__province",
            "alliance__host_unit__province",
            "alliance__industry",
            "status",
            "eligibility",
        )
    )
    provinces: Counter[str] = Counter()
    industries: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    for province, host_province, industry, status, report in rows:
        provinces[province or host_province or ""] += 1
        industries[industry] += 1
        statuses[status] += 1
        for criterion in (report or {}).get("criteria", []):
            if criterion.get("result") != "pass":
                failing[criterion.get("code", "")] += 1
    province_labels = dict(Province.choices)
    industry_labels = dict(Industry.choices)

    def labelled(counter: Counter[str], labels: dict[str, Any], unknown: str) -> list[tuple[str, int]]:
        return [(str(labels.get(k, k)) if k else unknown, n) for k, n in counter.most_common()]

    return Dashboard(
        by_province=labelled(provinces, province_labels, _("National (no province)")),
        by_industry=labelled(industries, industry_labels, "—"),
        by_failing_criterion=labelled(failing, {}, "—"),
        by_status=labelled(statuses, dict(ApplicationStatus.choices), "—"),
        total=len(rows),
    )
