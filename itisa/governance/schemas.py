"""API schemas of governance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class RulesOut(Schema):
    version: int
    preset: str
    quorum: str = Field(description="Exact fraction of seats, e.g. 2/3")
    quorum_comparison: str
    threshold: str
    threshold_comparison: str
    threshold_base: str
    abstentions_count_as_present: bool
    extraordinary_share: str
    adopted_on: dt.date


class SeatOut(Schema):
    id: int
    organisation: str | None
    holder_name: str
    representative: str | None
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
    full_time: bool = True
    since: dt.date
    employer: str | None = None
    employer_name: str = ""


class LiabilityIn(Schema):
    organisation: str
    since: dt.date
