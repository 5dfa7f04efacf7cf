"""API schemas of governance."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, StrictBool

from itisa.core.inputs import Id
from itisa.governance.choices import MotionStatus


class RulesOut(Schema):
    version: int
    matter: str = Field(description="ordinary | important")
    preset: str
    quorum: str = Field(description="Exact fraction of seats, e.g. 2/3")
    quorum_comparison: str
    threshold: str
    threshold_comparison: str
    threshold_base: str
    abstentions_count_as_present: bool
    extraordinary_share: str
    chair_casting_vote: bool
    veto_days: int
    notice_days: int
    agreement_version: str | None = Field(
        description="The agreement version these rules come from (CSA/v2), or null for the body's own"
    )
    adopted_on: dt.date


class SeatOut(Schema):
    id: int
    organisation: str | None
    holder_name: str
    representative: str | None = Field(
        description="Username of the account that votes for the seat: only for the alliance's secretariat "
        "and the national office (who assign it), null for everyone else"
    )
    role: str
    term_start: dt.date
    term_end: dt.date | None


class BodyOut(Schema):
    id: int
    kind: str
    body_type: str
    name_zh: str
    name_en: str
    duties_zh: str
    rules: RulesOut | None
    seats: list[SeatOut]


class StaffOut(Schema):
    id: int
    name: str
    employer: str | None
    employer_name: str
    position: str
    full_time: bool
    since: dt.date
    until: dt.date | None


class GovernanceOut(Schema):
    alliance: str
    bodies: list[BodyOut]
    staff: list[StaffOut]
    liability_member: str | None
    has_decision_advisory_executive: bool
    full_time_staff: int


class BodyIn(Schema):
    body_type: str
    name_zh: str
    name_en: str = ""
    kind: str = ""
    duties_zh: str = ""
    rules: dict[str, Any] | None = Field(
        None, description='{"preset": "two_thirds_present"} or custom fractions'
    )


class RulesIn(Schema):
    rules: dict[str, Any]
    adopted_on: dt.date


class SeatIn(Schema):
    holder_name: str
    role: str = "member"
    term_start: dt.date
    term_end: dt.date | None = None
    organisation: str | None = Field(None, description="Credit code; empty for an individual expert")
    representative: str | None = Field(None, description="Username of the account that votes for the seat")


class EndIn(Schema):
    on: dt.date


class StaffIn(Schema):
    name: str
    position: str
    full_time: StrictBool = Field(default=True, description="JSON true or false; a string is refused")
    since: dt.date
    employer: str | None = None
    employer_name: str = ""


class LiabilityIn(Schema):
    organisation: str
    since: dt.date


class MeetingIn(Schema):
    body_id: Id
    kind: str = Field(description="regular | extraordinary")
    title_zh: str
    starts_at: AwareDatetime = Field(
        description="With its UTC offset (2026-03-20T09:00:00+08:00); naive is 422"
    )
    ends_at: AwareDatetime = Field(description="With its UTC offset; naive is 422")
    location: str = ""
    requested_by: list[Id] = Field(
        default_factory=list,
        description="Seat ids requesting an extraordinary meeting; empty when the chair convenes",
    )


class AttendanceIn(Schema):
    seats: list[Id]
    proxies: dict[Id, str] = Field(default_factory=dict, description="seat id → proxy's name")


class MinutesIn(Schema):
    minutes_zh: str


class GovernanceReasonIn(Schema):
    reason: str


def _shows_names(obj: Any, context: Any) -> bool:
    """Whether the caller sees who cast a seat's vote (``permissions.can_see_voter_names``): a proxy's
    name says who voted for the seat, so it is shown only to them."""
    from itisa.accounts.api import viewer
    from itisa.governance.permissions import can_see_voter_names

    request = (context or {}).get("request")
    return request is not None and bool(can_see_voter_names(viewer(request), obj))


class AttendanceOut(Schema):
    seat: int = Field(alias="seat_id")
    holder_name: str = Field(alias="seat.holder_name")
    proxy_name: str = Field(
        description="Who attended for the seat by proxy; empty for callers who do not see voters' names"
    )
    proxy: int | None = Field(alias="proxy_id", description="The recorded proxy the seat attended by, if any")

    @staticmethod
    def resolve_proxy_name(obj: Any, context: Any) -> str:
        return obj.proxy_name if _shows_names(obj.meeting.body.alliance, context) else ""


class ProxyIn(Schema):
    seat: Id = Field(description="The seat's id")
    holder: str = Field(description="Username of the account that attends and votes for the seat")
    document: str = Field(
        default="",
        description="The representative's written proxy (required when the secretariat records it)",
    )


class ProxyOut(Schema):
    """A seat's proxy for one meeting: the holder votes for the seat on that meeting's motions."""

    id: int
    meeting: int = Field(alias="meeting_id")
    seat: int = Field(alias="seat_id")
    holder_name: str = Field(alias="seat.holder_name", description="The seat's representative or expert")
    proxy_holder: str = Field(alias="holder.person_name", description="The proxy holder's name")
    document: str
    given_at: dt.datetime


class MotionBrief(Schema):
    id: int
    body: int = Field(alias="body_id")
    number: int
    title_zh: str
    method: str
    status: str
    deadline: dt.datetime
    votes_cast: int = Field(alias="vote_count")
    passed: bool | None


class MeetingOut(Schema):
    id: int
    body: int = Field(alias="body_id")
    body_name_zh: str = Field(alias="body.name_zh")
    kind: str
    title_zh: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    convened_by: str
    requested_by: list[int]
    notice_given_at: dt.datetime
    status: str
    minutes_zh: str
    minutes_status: str = Field(description="none | circulated | objected | accepted")
    minutes_version: int = Field(description="The version of the minutes circulated (0: none yet)")
    minutes_objection_until: dt.datetime | None = Field(
        description="Seats may object to the circulated minutes until then; accepted after it without objection"
    )
    minutes_accepted_at: dt.datetime | None

    @staticmethod
    def resolve_requested_by(obj: Any) -> list[int]:
        return sorted(s.pk for s in obj.requested_by.all())


class MinuteObjectionOut(Schema):
    version: int
    seat: int = Field(alias="seat_id")
    holder_name: str = Field(alias="seat.holder_name")
    reason: str
    at: dt.datetime


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]
    proxies: list[ProxyOut]
    motions: list[MotionBrief]
    objections: list[MinuteObjectionOut]

    @staticmethod
    def resolve_objections(obj: Any) -> list[Any]:
        from itisa.governance.selectors import minute_objections_of

        return list(minute_objections_of(obj))

    @staticmethod
    def resolve_proxies(obj: Any, context: Any) -> list[Any]:
        """The meeting's proxies, only for callers who see voters' names (a proxy says who voted)."""
        from itisa.governance.selectors import proxies_of

        return list(proxies_of(obj)) if _shows_names(obj.body.alliance, context) else []

    @staticmethod
    def resolve_attendance(obj: Any) -> list[Any]:
        from itisa.governance.selectors import attendance_of

        return list(attendance_of(obj))

    @staticmethod
    def resolve_motions(obj: Any) -> list[Any]:
        from django.db.models import Count

        return list(obj.motions.annotate(vote_count=Count("votes")).order_by("number"))


class MotionIn(Schema):
    body_id: Id
    title_zh: str
    text_zh: str = ""
    method: str = Field(description="ballot | meeting")
    deadline: AwareDatetime | None = Field(
        default=None, description="Required for a ballot; with its UTC offset (naive is 422)"
    )
    meeting_id: Id | None = Field(default=None, description="Required for a motion voted in a meeting")
    matter: str = Field(
        default="ordinary",
        description="ordinary | important: the body's rules for this kind of matter decide",
    )


class VoteIn(Schema):
    choice: str = Field(description="yes | no | abstain")
    seat: Id | None = Field(
        default=None,
        description="The seat voted for; required when you vote for several (seats held, proxies): "
        "without it the answer is 422 listing them",
    )


class VetoIn(Schema):
    reason: str = Field(description="How the decision would severely affect the seat's legitimate interests")
    seat: Id | None = Field(default=None, description="The seat vetoing; required when you hold several")


class MinuteObjectionIn(Schema):
    reason: str = Field(description="What the minutes get wrong")
    seat: Id | None = Field(
        default=None, description="The seat objecting; required for the secretariat and when you hold several"
    )


class CloseIn(Schema):
    comment: str = ""


class VoteOut(Schema):
    """A vote as the public record shows it: the seat and the organisation it represents, never a login name."""

    seat: int
    body_name_zh: str = Field(description="The body the seat sits on")
    holder_name: str = Field(
        description="The seat's representative or expert, as the body's register names it"
    )
    role: str = Field(description="The seat's role: chair | vice_chair | member")
    organisation: str | None = Field(
        description="Unified social credit code of the organisation the seat represents; null for an expert"
    )
    organisation_name_zh: str | None = Field(description="Name of that organisation; null for an expert")
    voter_name: str | None = Field(
        description="Name of the person who cast the vote (never a login name); shown only to the alliance's "
        "own people and the officers who oversee it, null otherwise"
    )
    cast_at: dt.datetime
    choice: str | None = Field(description="Shown once the ballot has closed")


class TallyOut(Schema):
    """A closed motion's tally as stored, with the rules it was counted by."""

    rules_version: int
    agreement_version: str | None = Field(
        description="The agreement version the rules come from (CSA/v2), or null for the body's own rules"
    )
    seats: int = Field(description="Seats on the motion's list, frozen when it was put")
    attending: int | None = Field(
        description="Seats at the meeting, in person or by proxy (a meeting vote); null for a written ballot"
    )
    present: int = Field(
        description="Seats counted as present for the quorum (attending, or voted on a written ballot; "
        "less the abstentions where they do not count)"
    )
    yes: int
    no: int
    abstain: int
    quorum: str = Field(description="Exact fraction of the seats, e.g. 2/3")
    quorum_comparison: str = Field(description="at_least | more_than")
    quorum_met: bool
    threshold: str = Field(description="Exact fraction, e.g. 2/3")
    threshold_comparison: str = Field(description="at_least | more_than")
    threshold_base: str = Field(description="seats | present | cast (yes + no)")
    base: int = Field(description="The number the yes votes were a share of (0 without a quorum)")
    abstentions_count_as_present: bool
    chair_casting_vote: bool
    veto_days: int
    passed: bool
    outcome: str = Field(description="passed | rejected | no_quorum | no_votes | casting_vote")


class VetoOut(Schema):
    seat: int
    holder_name: str
    reason: str
    at: dt.datetime


class ResolutionOut(Schema):
    responsible: str
    responsible_user: str | None
    due_on: dt.date | None
    status: str
    note: str
    effect: str = Field(description="in_force | pending_veto | suspended")
    veto_until: dt.datetime | None = Field(description="End of the veto window, if the rules give one")
    effective_at: dt.datetime | None
    veto: VetoOut | None


class MotionOut(Schema):
    id: int
    body: int
    body_name_zh: str
    number: int
    title_zh: str
    text_zh: str
    method: str
    matter: str
    meeting: int | None
    status: str
    opened_at: dt.datetime
    deadline: dt.datetime
    closed_at: dt.datetime | None
    rules_version: int | None
    seat_list: list[int] = Field(description="Ids of the seats on the motion's list, frozen when it was put")
    votes: list[VoteOut]
    tally: TallyOut | None
    resolution: ResolutionOut | None


class ResolutionAssignIn(Schema):
    responsible: str = ""
    responsible_user: str | None = None
    due_on: dt.date | None = None


class ResolutionUpdateIn(Schema):
    status: str
    note: str = ""


class MotionFilterIn(Schema):
    status: MotionStatus | Literal[""] = Field(default="", description="open | closed | withdrawn")
    body: Id | None = Field(default=None, description="A body's id")
