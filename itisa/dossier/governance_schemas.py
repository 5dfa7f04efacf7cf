"""Dossier sections since 1.2: governance (bodies, rules, seats, meetings, motions, votes, resolutions,
staff, the liability member) and admission applications. See docs/dossier.md.

References are natural keys, never database ids: a body by its Chinese name within the alliance, a
rule version by its number within the body, a seat by (holder's name, term start) within the body,
a meeting by (start, title) within the body, a motion by (body, number), an organisation by credit
code (one of the dossier's ``organisations``), an agreement version by its number, a membership by
(organisation, joined_on). Accounts do not travel: who acted is a username kept as a label.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, Field

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.dossier.base import Strict
from itisa.governance.choices import (
    BodyKind,
    BodyType,
    Comparison,
    ConvenedBy,
    Matter,
    MeetingKind,
    MeetingStatus,
    MotionStatus,
    ResolutionEffect,
    ResolutionStatus,
    SeatRole,
    ThresholdBase,
    VoteChoice,
    VotingMethod,
)
from itisa.membership.choices import ApplicationStatus, Rank
from itisa.registry.choices import OrganisationKind, Ownership

USERNAME = "Username recorded when it happened; null for the system. Import keeps it as a label."


class FractionDoc(Strict):
    """An exact share such as 2/3, as two integers (never a decimal)."""

    numerator: int = Field(ge=0)
    denominator: int = Field(ge=1)


class RuleSetDoc(Strict):
    """One version of a body's decision rules, identified by (body, version); a version is never edited."""

    version: int = Field(ge=1)
    preset: str = Field(default="", max_length=50, description="Code of the preset, empty for custom rules.")
    quorum: FractionDoc
    quorum_comparison: Comparison
    threshold: FractionDoc
    threshold_comparison: Comparison
    threshold_base: ThresholdBase
    abstentions_count_as_present: bool
    extraordinary_share: FractionDoc = Field(
        description="Share of seats that may call an extraordinary meeting."
    )
    notice_days: int = Field(ge=0)
    matter: Matter = Field(
        default=Matter.ORDINARY, description="The kind of matter these rules decide (ordinary when absent)."
    )
    chair_casting_vote: bool = Field(default=False, description="A tie goes to the chair's own vote.")
    veto_days: int = Field(
        default=0, ge=0, le=365, description="A seat may veto a passed motion within these days."
    )
    adopted_on: dt.date


class SeatRefDoc(Strict):
    """A seat of the same body, named by its holder and the start of its term."""

    holder_name: str = Field(min_length=1, max_length=100)
    term_start: dt.date


class SeatDoc(Strict):
    """A seat on the body: a member organisation and its representative, or an individual expert."""

    holder_name: str = Field(min_length=1, max_length=100)
    term_start: dt.date
    term_end: dt.date | None = None
    organisation: str | None = Field(
        default=None, description="Credit code of an organisation in the dossier."
    )
    role: SeatRole
    is_demo: bool = False


class AttendanceDoc(Strict):
    """A seat present at the meeting, in person or by a named proxy."""

    seat: SeatRefDoc
    proxy_name: str = Field(default="", max_length=100)


class MeetingRefDoc(Strict):
    """A meeting of the same body, named by its start and title."""

    starts_at: AwareDatetime
    title_zh: str = Field(min_length=1, max_length=200)


class MeetingDoc(Strict):
    """A meeting of the body, identified by (starts_at, title_zh) within the body."""

    title_zh: str = Field(min_length=1, max_length=200)
    kind: MeetingKind
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    location: str = Field(default="", max_length=200)
    convened_by: ConvenedBy
    requested_by: list[SeatRefDoc] = Field(default_factory=list, description="Seats that requested it.")
    notice_given_at: AwareDatetime
    status: MeetingStatus
    minutes_zh: str = ""
    minutes_recorded_at: AwareDatetime | None = None
    attendance: list[AttendanceDoc] = Field(default_factory=list)
    is_demo: bool = False


class TallyDoc(Strict):
    """The count stored when the motion closed, under the rule version ``rules_version``."""

    seats: int = Field(ge=0, description="Seats on the motion's list, frozen when it was put.")
    yes: int = Field(ge=0)
    no: int = Field(ge=0)
    abstain: int = Field(ge=0)
    attending: int | None = Field(
        default=None, ge=0, description="Seats at the meeting, in person or by proxy (meeting votes)."
    )
    present: int = Field(ge=0)
    quorum_met: bool
    passed: bool
    outcome: Literal["passed", "rejected", "no_quorum", "no_votes", "casting_vote"]


class MotionStatusChangeDoc(Strict):
    """One move of a motion's status."""

    at: AwareDatetime
    old_status: MotionStatus | None = None
    new_status: MotionStatus
    by: str | None = Field(default=None, max_length=150, description=USERNAME)
    comment: str = ""


class VoteDoc(Strict):
    """One seat's vote; write-once."""

    seat: SeatRefDoc
    choice: VoteChoice
    cast_by: str | None = Field(default=None, max_length=150, description=USERNAME)
    cast_at: AwareDatetime


class VetoDoc(Strict):
    """A seat's veto of the passed motion within its window (DESCA 6.3.4); write-once."""

    seat: SeatRefDoc
    reason: str = Field(min_length=1)
    cast_by: str | None = Field(default=None, max_length=150, description=USERNAME)
    at: AwareDatetime


class ResolutionDoc(Strict):
    """What a passed motion became, whether it binds (after any veto window), and its execution."""

    responsible: str = Field(default="", max_length=200)
    due_on: dt.date | None = None
    status: ResolutionStatus
    note: str = ""
    effect: ResolutionEffect = Field(
        default=ResolutionEffect.IN_FORCE, description="in_force | pending_veto | suspended"
    )
    veto_until: AwareDatetime | None = Field(default=None, description="End of the veto window, if any.")
    effective_at: AwareDatetime | None = None
    veto: VetoDoc | None = None


class MotionDoc(Strict):
    """A motion put to the body, identified by (body, number), with its history, votes and stored tally."""

    number: int = Field(ge=1)
    title_zh: str = Field(min_length=1, max_length=200)
    text_zh: str = ""
    method: VotingMethod
    meeting: MeetingRefDoc | None = Field(
        default=None, description="The meeting voting on it (method meeting)."
    )
    status: MotionStatus
    deadline: AwareDatetime
    opened_at: AwareDatetime
    closed_at: AwareDatetime | None = None
    reminded_at: AwareDatetime | None = None
    rules_version: int | None = Field(default=None, description="The rule version in force when it was put.")
    seat_list: list[SeatRefDoc] | None = Field(
        default=None, description="The seats that vote and count, frozen when the motion was put."
    )
    tally: TallyDoc | None = Field(default=None, description="Closed motions only.")
    status_history: list[MotionStatusChangeDoc]
    votes: list[VoteDoc]
    resolution: ResolutionDoc | None = None


class BodyDoc(Strict):
    """A decision, advisory or executive body (Art. 8(3)), identified by its Chinese name in the alliance."""

    name_zh: str = Field(min_length=1, max_length=100)
    name_en: str = Field(default="", max_length=200)
    kind: BodyKind
    body_type: BodyType
    duties_zh: str = ""
    is_demo: bool = False
    rule_sets: list[RuleSetDoc]
    seats: list[SeatDoc]
    meetings: list[MeetingDoc]
    motions: list[MotionDoc]


class StaffMemberDoc(Strict):
    """A person on the secretariat's staff register, identified by (name, since)."""

    name: str = Field(min_length=1, max_length=100)
    position: str = Field(min_length=1, max_length=100)
    full_time: bool
    employer: str | None = Field(default=None, description="Credit code of an organisation in the dossier.")
    employer_name: str = Field(default="", max_length=200, description="Employer when not registered.")
    since: dt.date
    until: dt.date | None = None
    is_demo: bool = False


class LiabilityDesignationDoc(Strict):
    """The member bearing the alliance's external liability from a date (Art. 8(3))."""

    organisation: str = Field(description="Credit code of an organisation in the dossier.")
    since: dt.date


class MotionRefDoc(Strict):
    """A motion by its body's Chinese name and its number."""

    body: str = Field(min_length=1, max_length=100)
    number: int = Field(ge=1)


class MembershipRefDoc(Strict):
    """A membership of ``memberships`` by (organisation, joined_on)."""

    organisation: str
    joined_on: dt.date


class ApplicationStatusChangeDoc(Strict):
    """One move of an application."""

    at: AwareDatetime
    old_status: ApplicationStatus | None = None
    new_status: ApplicationStatus
    by: str | None = Field(default=None, max_length=150, description=USERNAME)
    comment: str = ""


class ApplicationDoc(Strict):
    """An application to join (Art. 8(6)), identified by (uscc, submitted_at), with the data it gave."""

    uscc: str = Field(pattern=r"^[0-9A-Z]{18}$", description="Credit code applied with.")
    submitted_at: AwareDatetime
    name_zh: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    ownership: Ownership | None = None
    province: Province
    region_code: str = Field(pattern=r"^[0-9]{6}$")
    industry: Industry
    address: str = Field(default="", max_length=300)
    legal_rep_name: str = Field(min_length=1, max_length=100)
    contact_name: str = Field(min_length=1, max_length=100)
    contact_phone: str = Field(min_length=1, max_length=40)
    contact_email: str = Field(default="", max_length=254)
    intended_contribution: str = Field(min_length=1)
    rank: Rank
    status: ApplicationStatus
    rejection_reason: str = ""
    applicant: str | None = Field(default=None, max_length=150, description=USERNAME)
    organisation: str | None = Field(
        default=None, description="Credit code of the registered organisation (from the first review on)."
    )
    motion: MotionRefDoc | None = None
    accession: int | None = Field(default=None, description="Number of the accession agreement version.")
    membership: MembershipRefDoc | None = None
    is_demo: bool = False
    status_history: list[ApplicationStatusChangeDoc]
