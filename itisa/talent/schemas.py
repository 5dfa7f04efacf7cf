"""API schemas of talent exchange (class names prefixed ``Talent`` to stay unique across the API)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from itisa.core.inputs import Count, Id


class TalentProgrammeIn(Schema):
    kind: str = Field(description="postgraduate, course, joint_lab, postdoc or other")
    title_zh: str
    title_en: str = ""
    organisers: list[Id] = Field(description="The organising members' organisation ids")
    starts_on: dt.date
    ends_on: dt.date
    planned_participants: Count


class TalentProgrammeOutcomeIn(Schema):
    actual_participants: Count
    outcome_zh: str


class TalentOrganisationOut(Schema):
    uscc: str
    name: str


class TalentProgrammeOut(Schema):
    code: str
    kind: str
    title_zh: str
    title_en: str
    organisers: list[TalentOrganisationOut]
    starts_on: dt.date
    ends_on: dt.date
    planned_participants: int
    actual_participants: int | None
    outcome_zh: str
    concluded_on: dt.date | None


class TalentExchangeIn(Schema):
    person_name: str
    from_org: Id = Field(description="The sending member's organisation id")
    to_org: Id = Field(description="The receiving member's organisation id")
    role_zh: str
    starts_on: dt.date
    ends_on: dt.date
    purpose_zh: str


class TalentOutcomeIn(Schema):
    outcome_zh: str


class TalentExchangeOut(Schema):
    code: str
    person_name: str
    from_org: TalentOrganisationOut
    to_org: TalentOrganisationOut
    role_zh: str
    starts_on: dt.date
    ends_on: dt.date
    months: int
    days: int
    person_months: str = Field(description="Person-months to a tenth, e.g. 6.0")
    purpose_zh: str
    outcome_zh: str
    concluded_on: dt.date | None


class TalentStatisticsOut(Schema):
    year: int
    programmes: int
    participants: int
    exchanges: int
    person_months: str
