"""Reads of bodies, seats, rules, staff and the liability member, scoped through the alliance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.agreements.choices import VersionKind
from itisa.agreements.content import Procedures, VoteRule
from itisa.agreements.models import AgreementVersion
from itisa.agreements.procedures import procedures_of
from itisa.agreements.selectors import effective_version
from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.governance.choices import (
    BodyKind,
    Matter,
    MeetingKind,
    MotionStatus,
    ResolutionEffect,
    SeatRole,
    VotingMethod,
)
from itisa.governance.clocks import (
    BALLOT_DEADLINE,
    MINUTES_WINDOW,
    VETO_WINDOW,
    is_minutes_window_lapsed,
    is_past_deadline,
    is_veto_lapsed,
)
from itisa.governance.models import (
    Attendance,
    Body,
    LiabilityDesignation,
    Meeting,
    MinuteObjection,
    Motion,
    MotionSeat,
    MotionStatusChange,
    Proxy,
    Resolution,
    RuleSet,
    Seat,
    StaffMember,
    Veto,
    Vote,
)
from itisa.governance.permissions import can_manage_governance, can_see_voter_names, can_view_governance
from itisa.registry.models import Alliance
from itisa.registry.selectors import alliances_visible_to

# decision, advisory, executive: the order of Art. 8(3)
KIND_ORDER = Case(
    When(kind=BodyKind.DECISION, then=Value(0)),
    When(kind=BodyKind.ADVISORY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def current_seats_q(on: dt.date) -> Q:
    return Q(term_start__lte=on) & (Q(term_end__isnull=True) | Q(term_end__gte=on))


def bodies_of(user: Any, alliance: Alliance, *, on: dt.date | None = None) -> QuerySet[Body]:
    """The alliance's bodies with their current seats and rule versions (newest first) prefetched."""
    if not can_view_governance(user, alliance):
        return Body.objects.none()
    on = on or timezone.localdate()
    seats = (
        Seat.objects.filter(current_seats_q(on))
        .select_related("organisation", "representative")
        .order_by("role", "holder_name", "pk")
    )
    return (
        Body.objects.filter(alliance=alliance)
        .prefetch_related(
            Prefetch("seats", queryset=seats, to_attr="current_seats"),
            Prefetch("rule_sets", queryset=RuleSet.objects.select_related("agreement_version__alliance")),
        )
        .annotate(kind_order=KIND_ORDER)
        .order_by("kind_order", "pk")
    )


def body_get(user: Any, alliance: Alliance, pk: int) -> Body | None:
    return bodies_of(user, alliance).filter(pk=pk).first()


def access_body(user: Any, pk: int, *, alliance: Alliance | None = None) -> Body:
    """Find and check: body ``pk`` if the viewer may see it (and it belongs to ``alliance`` when given);
    NotFound whether it is missing, hidden or another alliance's."""
    if alliance is not None:
        found = body_get(user, alliance, pk)
    else:
        found = (
            Body.objects.select_related("alliance")
            .filter(pk=pk, alliance__in=alliances_visible_to(user))
            .first()
        )
    if found is None:
        raise NotFound(_("No such body."))
    return found


def access_seat(user: Any, pk: int, *, alliance: Alliance | None = None) -> Seat:
    """Find and check: seat ``pk`` of an alliance the viewer may see (of ``alliance`` when given), or NotFound."""
    qs = Seat.objects.select_related("body__alliance", "organisation", "representative").filter(
        pk=pk, body__alliance__in=alliances_visible_to(user)
    )
    found = (qs if alliance is None else qs.filter(body__alliance=alliance)).first()
    if found is None:
        raise NotFound(_("No such seat."))
    return found


def access_staff_member(user: Any, pk: int, *, alliance: Alliance | None = None) -> StaffMember:
    """Find and check: staff member ``pk`` of an alliance the viewer may see (of ``alliance`` when given)."""
    qs = StaffMember.objects.select_related("alliance", "employer").filter(
        pk=pk, alliance__in=alliances_visible_to(user)
    )
    found = (qs if alliance is None else qs.filter(alliance=alliance)).first()
    if found is None:
        raise NotFound(_("No such staff member."))
    return found


def current_rules(body: Body, *, matter: str = Matter.ORDINARY) -> RuleSet | None:
    """The rules for a kind of matter: the newest version for it, falling back to the ordinary rules
    (uses the prefetch when there is one).

    A matter's own rules apply while they are newer than the body's ordinary rules: the rules an
    agreement states are recorded together, ordinary first, so an amendment that no longer names
    the matter (a newer ordinary version only) ends them.
    """
    sets = list(body.rule_sets.all())
    ordinary = max((s for s in sets if s.matter == Matter.ORDINARY), key=lambda s: s.version, default=None)
    if matter == Matter.ORDINARY:
        return ordinary
    own = max((s for s in sets if s.matter == matter), key=lambda s: s.version, default=None)
    if own is not None and (ordinary is None or own.version > ordinary.version):
        return own
    return ordinary


DEFAULT_NOTICE_DAYS = 7


@dataclass(frozen=True)
class AgreementRules:
    """What an agreement's procedures say of one body: its vote rules, and the procedures they are part of."""

    version: AgreementVersion
    procedures: Procedures
    rules: list[VoteRule]


def agreement_procedures(
    alliance: Alliance, *, version: AgreementVersion | None = None
) -> tuple[AgreementVersion, Procedures] | None:
    """The procedures of the alliance's effective agreement (or of ``version``), with the version;
    None where the agreement states none (made before procedures were stated) or none is effective."""
    version = version or effective_version(alliance)
    if version is None or version.kind == VersionKind.ACCESSION:
        return None
    procedures = procedures_of(version.content)
    return (version, procedures) if procedures is not None else None


def agreement_rules_for(
    alliance: Alliance, name_zh: str, *, version: AgreementVersion | None = None
) -> AgreementRules | None:
    """The effective agreement's (or ``version``'s) vote rules for the body named ``name_zh``, if it names it."""
    found = agreement_procedures(alliance, version=version)
    if found is None:
        return None
    rules = [v for v in found[1].votes if v.body_zh == name_zh]
    return AgreementRules(found[0], found[1], rules) if rules else None


@dataclass(frozen=True)
class NoticeRule:
    """How many days' notice a meeting needs, and where that comes from (an agreement version, or None
    for the body's own rules)."""

    days: int
    agreement: AgreementVersion | None


def _procedures_behind(body: Body) -> tuple[AgreementVersion, Procedures] | None:
    # the effective agreement governs the body when its procedures name it (its rules were recorded from it)
    found = agreement_rules_for(body.alliance, body.name_zh)
    return (found.version, found.procedures) if found is not None else None


def notice_rule(body: Body, kind: str) -> NoticeRule:
    """The notice a meeting of ``kind`` needs: the effective agreement's procedures where they name the
    body (ordinary or extraordinary meeting), else the body's own rules (7 days when it has none)."""
    found = _procedures_behind(body)
    if found is not None:
        version, procedures = found
        days = (
            procedures.notice_extraordinary_days
            if kind == MeetingKind.EXTRAORDINARY
            else procedures.notice_ordinary_days
        )
        return NoticeRule(days, version)
    rs = current_rules(body)
    return NoticeRule(rs.notice_days if rs is not None else DEFAULT_NOTICE_DAYS, None)


DEFAULT_MINUTES_DRAFT_DAYS = 10
DEFAULT_MINUTES_OBJECTION_DAYS = 15


@dataclass(frozen=True)
class MinutesRule:
    """How long the secretariat has to draft a meeting's minutes after it is held, and how long the
    seats have to object to a draft; from the agreement version in force (None: the defaults, DESCA 6.2.5)."""

    draft_days: int
    objection_days: int
    agreement: AgreementVersion | None


def minutes_rule(body: Body) -> MinutesRule:
    """The minutes deadlines of ``body``'s meetings: the effective agreement's procedures where they name
    the body (``minutes_draft_days``, ``minutes_objection_days``), else 10 and 15 days."""
    found = _procedures_behind(body)
    if found is not None:
        version, procedures = found
        return MinutesRule(procedures.minutes_draft_days, procedures.minutes_objection_days, version)
    return MinutesRule(DEFAULT_MINUTES_DRAFT_DAYS, DEFAULT_MINUTES_OBJECTION_DAYS, None)


def agenda_closes(meeting: Meeting) -> tuple[dt.datetime, int, AgreementVersion] | None:
    """When the last item may be added to a meeting's agenda under the agreement's procedures
    (``additions_<kind>_days`` before it starts), with the days and the version; None without procedures."""
    found = _procedures_behind(meeting.body)
    if found is None:
        return None
    version, procedures = found
    days = (
        procedures.additions_extraordinary_days
        if meeting.kind == MeetingKind.EXTRAORDINARY
        else procedures.additions_ordinary_days
    )
    return meeting.starts_at - dt.timedelta(days=days), days, version


def staff_of(user: Any, alliance: Alliance, *, include_past: bool = False) -> QuerySet[StaffMember]:
    if not can_view_governance(user, alliance):
        return StaffMember.objects.none()
    qs = StaffMember.objects.filter(alliance=alliance).select_related("employer")
    if not include_past:
        today = timezone.localdate()
        qs = qs.filter(Q(until__isnull=True) | Q(until__gte=today), since__lte=today)
    return qs.order_by("-full_time", "since", "pk")


def liability_member(alliance: Alliance) -> LiabilityDesignation | None:
    """The latest designation of the member bearing external liability (unscoped: public record)."""
    return (
        LiabilityDesignation.objects.filter(alliance=alliance, since__lte=timezone.localdate())
        .select_related("organisation")
        .order_by("-since", "-pk")
        .first()
    )


@dataclass(frozen=True)
class GovernanceFacts:
    """What Article 8(3) asks, at a glance: the three kinds of body, full-time executive staff, liability."""

    kinds: frozenset[str]
    full_time_staff: int
    liability: LiabilityDesignation | None

    @property
    def has_all_kinds(self) -> bool:
        return {BodyKind.DECISION, BodyKind.ADVISORY, BodyKind.EXECUTIVE} <= self.kinds


def governance_facts(alliance: Alliance) -> GovernanceFacts:
    today = timezone.localdate()
    kinds = frozenset(Body.objects.filter(alliance=alliance).values_list("kind", flat=True))
    full_time = (
        StaffMember.objects.filter(alliance=alliance, full_time=True, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .count()
    )
    return GovernanceFacts(kinds, full_time, liability_member(alliance))


def seat_held_by(user: Any, body: Body, *, on: dt.date | None = None) -> Seat | None:
    """The current seat on ``body`` whose representative is ``user`` (the chair's seat first)."""
    if not getattr(user, "is_authenticated", False):
        return None
    on = on or timezone.localdate()
    return (
        Seat.objects.filter(current_seats_q(on), body=body, representative=user)
        .order_by("role", "pk")
        .first()
    )


@dataclass(frozen=True)
class VotingSeat:
    """A seat ``user`` may vote for on a motion: as its representative, or as its proxy at the meeting."""

    seat: Seat
    proxy: Proxy | None


def frozen_seats(motion: Motion) -> QuerySet[Seat]:
    """The seats on the motion's list, frozen when it was put (the chair first, then by holder)."""
    return (
        Seat.objects.filter(pk__in=MotionSeat.objects.filter(motion=motion).values("seat_id"))
        .select_related("organisation", "representative")
        .order_by("role", "holder_name", "pk")
    )


def voting_seats(user: Any, motion: Motion, *, on: dt.date | None = None) -> list[VotingSeat]:
    """Every seat on the motion's frozen list ``user`` may vote for on ``on``: the seats whose current
    representative ``user`` is (one vote for each seat held), and, for a motion voted in a meeting, the
    seats whose recorded proxy for that meeting ``user`` holds. Two queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    on = on or timezone.localdate()
    listed = Seat.objects.filter(pk__in=MotionSeat.objects.filter(motion=motion).values("seat_id"))
    own = listed.filter(current_seats_q(on), representative=user)
    proxies: dict[int, Proxy] = {}
    if motion.method == VotingMethod.MEETING and motion.meeting_id is not None:
        proxies = {
            p.seat_id: p
            for p in Proxy.objects.filter(meeting_id=motion.meeting_id, holder=user, seat__in=listed)
        }
    seats = (
        Seat.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=list(proxies)))
        .select_related("organisation")
        .order_by("role", "holder_name", "pk")
    )
    return [VotingSeat(s, None if s.representative_id == user.pk else proxies.get(s.pk)) for s in seats]


def veto_seats(user: Any, motion: Motion, *, on: dt.date | None = None) -> list[Seat]:
    """The seats on the motion's frozen list whose current representative is ``user`` (who may veto)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Seat.objects.filter(
            current_seats_q(on or timezone.localdate()),
            pk__in=MotionSeat.objects.filter(motion=motion).values("seat_id"),
            representative=user,
        ).order_by("role", "holder_name", "pk")
    )


def proxies_of(meeting: Meeting) -> QuerySet[Proxy]:
    return (
        Proxy.objects.filter(meeting=meeting)
        .select_related("seat", "seat__organisation", "holder")
        .order_by("seat__role", "seat__holder_name", "pk")
    )


def chair_seat_ids(seat_ids: set[int]) -> set[int]:
    """Which of these seats are chair seats (for the chair's casting vote on a tie)."""
    return set(Seat.objects.filter(pk__in=seat_ids, role=SeatRole.CHAIR).values_list("pk", flat=True))


def veto_of(resolution: Resolution) -> Veto | None:
    return Veto.objects.filter(resolution=resolution).select_related("seat", "seat__organisation").first()


def current_seats_of(body: Body, *, on: dt.date | None = None) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(current_seats_q(on or timezone.localdate()), body=body)
        .select_related("organisation", "representative", "body")
        .order_by("role", "holder_name", "pk")
    )


def meetings_of(user: Any, alliance: Alliance, *, body: Body | None = None) -> QuerySet[Meeting]:
    if not can_view_governance(user, alliance):
        return Meeting.objects.none()
    clocks.settle(MINUTES_WINDOW, body__alliance=alliance)
    qs = Meeting.objects.filter(body__alliance=alliance).select_related("body", "body__alliance")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.annotate(motion_count=Count("motions", distinct=True)).order_by("-starts_at", "pk")


def meeting_get(user: Any, pk: int) -> Meeting | None:
    """Meeting ``pk`` if the viewer may see it; minutes whose objection window has passed without an
    objection are accepted before it is shown."""
    found = Meeting.objects.select_related("body", "body__alliance").filter(pk=pk)
    meeting = found.first()
    if meeting is None or not can_view_governance(user, meeting.body.alliance):
        return None
    if is_minutes_window_lapsed(meeting, timezone.now()):
        clocks.settle(MINUTES_WINDOW, pk=meeting.pk)
        meeting = found.first()
    return meeting


def minute_objections_of(meeting: Meeting) -> QuerySet[MinuteObjection]:
    """The objections to every version of the meeting's minutes, oldest first (visible with the meeting)."""
    return (
        MinuteObjection.objects.filter(meeting=meeting)
        .select_related("seat", "seat__organisation")
        .order_by("version", "at", "pk")
    )


def minutes_seats(user: Any, meeting: Meeting, *, on: dt.date) -> list[Seat]:
    """The seats of the meeting's body ``user`` may object for: every current seat for the secretariat
    (on the seat's behalf), else the seats the user represents."""
    seats = Seat.objects.filter(current_seats_q(on), body_id=meeting.body_id).select_related("organisation")
    if not can_manage_governance(user, meeting.body.alliance):
        seats = seats.filter(representative_id=getattr(user, "pk", None))
    return list(seats.order_by("role", "holder_name", "pk"))


def access_meeting(user: Any, pk: int) -> Meeting:
    """Find and check: meeting ``pk`` if the viewer may see it; NotFound whether it is missing or hidden."""
    found = meeting_get(user, pk)
    if found is None:
        raise NotFound(_("No such meeting, or you may not see it."))
    return found


def motions_of(
    user: Any,
    alliance: Alliance,
    *,
    status: str = "",
    body: Body | None = None,
    meeting: Meeting | None = None,
) -> QuerySet[Motion]:
    """The alliance's motions the viewer may see, newest first; ballots past their deadline are closed first."""
    if not can_view_governance(user, alliance):
        return Motion.objects.none()
    clocks.settle(BALLOT_DEADLINE, body__alliance=alliance)
    clocks.settle(VETO_WINDOW, motion__body__alliance=alliance)
    qs = Motion.objects.filter(body__alliance=alliance).select_related(
        "body", "body__alliance", "meeting", "rules", "rules__agreement_version__alliance", "resolution"
    )
    if status:
        qs = qs.filter(status=status)
    if body is not None:
        qs = qs.filter(body=body)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs.annotate(vote_count=Count("votes", distinct=True)).order_by("-opened_at", "-pk")


def motion_get(user: Any, pk: int) -> Motion | None:
    """Motion ``pk`` if the viewer may see it; a ballot past its deadline is closed before it is shown."""
    found = Motion.objects.select_related(
        "body",
        "body__alliance",
        "meeting",
        "rules",
        "rules__agreement_version__alliance",
        "resolution",
        "opened_by",
    ).filter(pk=pk)
    motion = found.first()
    if motion is None or not can_view_governance(user, motion.body.alliance):
        return None
    if is_past_deadline(motion, timezone.now()):
        clocks.settle(BALLOT_DEADLINE, pk=motion.pk)
        motion = found.first()
    resolution = getattr(motion, "resolution", None) if motion is not None else None
    if resolution is not None and is_veto_lapsed(resolution, timezone.now()):
        clocks.settle(VETO_WINDOW, pk=resolution.pk)
        motion = found.first()
    return motion


def access_motion(user: Any, pk: int) -> Motion:
    """Find and check: motion ``pk`` if the viewer may see it; NotFound whether it is missing or hidden."""
    found = motion_get(user, pk)
    if found is None:
        raise NotFound(_("No such motion, or you may not see it."))
    return found


def access_resolution(user: Any, motion_pk: int) -> Resolution:
    """Find and check: the resolution of motion ``motion_pk`` (its ``motion`` is the checked motion), or NotFound."""
    motion = access_motion(user, motion_pk)
    resolution: Resolution | None = getattr(motion, "resolution", None)
    if resolution is None:
        raise NotFound(_("This motion has no resolution."))
    resolution.motion = motion
    return resolution


def votes_on(motion: Motion) -> QuerySet[Vote]:
    return (
        Vote.objects.filter(motion=motion)
        .select_related("seat", "seat__organisation", "cast_by")
        .order_by("cast_at", "pk")
    )


@dataclass(frozen=True)
class VoteLine:
    """One vote as a viewer may see it.

    Everyone sees the seat (``vote.seat``: holder and role, on ``motion.body``) and the organisation it
    represents; ``voter_name`` is the name of the person who cast it, only for viewers entitled by
    ``can_see_voter_names`` (empty otherwise, and never a login name); ``choice`` once the ballot closed.
    """

    vote: Vote
    voter_name: str
    choice: str | None


def vote_lines(user: Any, motion: Motion) -> list[VoteLine]:
    """The votes on ``motion`` (already checked with ``access_motion``) as ``user`` may see them."""
    names = bool(can_see_voter_names(user, motion.body.alliance))
    closed = motion.status == MotionStatus.CLOSED
    return [
        VoteLine(
            vote=v,
            voter_name=v.cast_by.person_name if names and v.cast_by is not None else "",
            choice=v.choice if closed else None,
        )
        for v in votes_on(motion)
    ]


def attendance_of(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("seat", "seat__organisation", "meeting__body__alliance")
        .order_by("seat__role", "seat__holder_name", "pk")
    )


def status_history(motion: Motion) -> QuerySet[MotionStatusChange]:
    return MotionStatusChange.objects.filter(motion=motion).select_related("by").order_by("at", "pk")


def binding_q(as_of: dt.datetime) -> Q:
    """The one test of "this resolution binds at ``as_of``", as a ``Q`` on ``Resolution``: its motion was
    closed and passed, and it is in force by then: in force from a moment at or before ``as_of``, or its
    veto window ended before ``as_of`` without a veto (the clock that records it may not have run yet; a
    veto at the window's last moment still counts, DESCA 6.3.4). A vetoed resolution (suspended) never binds."""
    passed = Q(motion__status=MotionStatus.CLOSED, motion__passed=True, motion__closed_at__lte=as_of)
    in_force = Q(effect=ResolutionEffect.IN_FORCE) & (
        Q(effective_at__lte=as_of) | Q(effective_at__isnull=True)
    )
    window_over = Q(effect=ResolutionEffect.PENDING_VETO, veto_until__lt=as_of)
    return passed & (in_force | window_over)


def binding_resolutions(alliance: Alliance, as_of: dt.datetime) -> QuerySet[Resolution]:
    """The alliance's resolutions that bind at ``as_of`` (``binding_q``), oldest first, with their motion
    and body. Unscoped like the record of votes it comes from; callers check who acts on it."""
    return (
        Resolution.objects.filter(binding_q(as_of), motion__body__alliance=alliance)
        .select_related("motion", "motion__body")
        .order_by("motion__closed_at", "pk")
    )


def resolutions_of(user: Any, alliance: Alliance, *, status: str = "") -> QuerySet[Resolution]:
    if not can_view_governance(user, alliance):
        return Resolution.objects.none()
    qs = Resolution.objects.filter(motion__body__alliance=alliance).select_related(
        "motion", "motion__body", "responsible_user"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "due_on", "pk")


def current_seats_in(alliance: Alliance) -> QuerySet[Seat]:
    """Every current seat on the alliance's bodies, by body (for choosing requesting seats)."""
    return (
        Seat.objects.filter(current_seats_q(timezone.localdate()), body__alliance=alliance)
        .select_related("body")
        .order_by("body_id", "role", "pk")
    )


def rule_set_summary(rs: RuleSet) -> dict[str, Any]:
    """A rule set in a few words (audit entries, ``itisa governance show/motions``):
    ``{"quorum": "at_least 2/3", "threshold": "at_least 2/3 present", ...}``."""
    return {
        "version": rs.version,
        "preset": rs.preset,
        "quorum": f"{rs.quorum_comparison} {rs.quorum_numerator}/{rs.quorum_denominator}",
        "threshold": f"{rs.threshold_comparison} {rs.threshold_numerator}/{rs.threshold_denominator} {rs.threshold_base}",
        "abstentions_count_as_present": rs.abstentions_count_as_present,
        "extraordinary": f"{rs.extraordinary_numerator}/{rs.extraordinary_denominator}",
        "matter": rs.matter,
        "chair_casting_vote": rs.chair_casting_vote,
        "veto_days": rs.veto_days,
        "agreement_version": rs.agreement_version_id,
        "adopted_on": rs.adopted_on.isoformat(),
    }


@dataclass(frozen=True)
class TallyView:
    """A closed motion's stored tally with the rules it was counted by, as every interface shows it."""

    rules_version: int
    agreement_version: str | None
    seats: int
    attending: int | None
    present: int
    yes: int
    no: int
    abstain: int
    quorum: str
    quorum_comparison: str
    quorum_met: bool
    threshold: str
    threshold_comparison: str
    threshold_base: str
    base: int
    abstentions_count_as_present: bool
    chair_casting_vote: bool
    veto_days: int
    passed: bool
    outcome: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def tally_of(motion: Motion) -> TallyView | None:
    """The stored tally of a closed motion (None otherwise): seats on its frozen list, seats attending
    (meeting votes), present, the votes, the quorum and threshold with their comparison and base, the
    number the threshold was a share of, the rule version and the agreement version the rules came from."""
    rs = motion.rules
    if motion.status != MotionStatus.CLOSED or rs is None:
        return None
    yes, no, abstain = motion.yes or 0, motion.no or 0, motion.abstain or 0
    present = motion.present or 0
    base = {"seats": motion.seats_count or 0, "cast": yes + no}.get(rs.threshold_base, present)
    return TallyView(
        rules_version=rs.version,
        agreement_version=rs.agreement_version.label if rs.agreement_version is not None else None,
        seats=motion.seats_count or 0,
        attending=motion.attending,
        present=present,
        yes=yes,
        no=no,
        abstain=abstain,
        quorum=f"{rs.quorum_numerator}/{rs.quorum_denominator}",
        quorum_comparison=rs.quorum_comparison,
        quorum_met=bool(motion.quorum_met),
        threshold=f"{rs.threshold_numerator}/{rs.threshold_denominator}",
        threshold_comparison=rs.threshold_comparison,
        threshold_base=rs.threshold_base,
        base=base if motion.quorum_met else 0,
        abstentions_count_as_present=rs.abstentions_count_as_present,
        chair_casting_vote=rs.chair_casting_vote,
        veto_days=rs.veto_days,
        passed=bool(motion.passed),
        outcome=motion.outcome,
    )
