"""API schemas of standards (class names prefixed with ``Standard`` to stay unique across the API)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from itisa.core.inputs import Id


class StandardIn(Schema):
    level: str = Field(description="national, industry, local or group")
    title_zh: str
    title_en: str = ""
    committee: str = Field(
        default="", description="The standards body or technical committee, e.g. SAC/TC224"
    )
    lead: Id = Field(description="The lead drafting member's organisation id (an active member)")
    project: Id | None = Field(default=None, description="The alliance's R&D project id it comes from")
    results: list[Id] = Field(default=[], description="Ids of the alliance's results it builds on")


class StandardDrafterIn(Schema):
    organisation: Id = Field(description="An active member's organisation id")


class StandardDeclarationIn(Schema):
    organisation: Id = Field(description="The drafting member's organisation id")
    holds_essential: bool = Field(description="Whether it holds patents essential to the draft")
    patents: list[str] = Field(
        default=[], description="CNIPA numbers of the essential patents, e.g. ZL201811564288.X"
    )
    licensing: str = Field(description="royalty_free, rand, none_needed or unwilling")
    document_ref: str = Field(
        default="", description="The signed declaration's reference (required from the secretariat)"
    )
    note: str = ""


class StandardVoteIn(Schema):
    body: Id = Field(description="The decision body's id")
    deadline: AwareDatetime = Field(description="When the ballot closes (with its UTC offset)")


class StandardOut(Schema):
    code: str
    level: str
    title_zh: str
    title_en: str
    committee: str
    stage: str
    published_number: str
    published_on: dt.date | None
    lead: str | None
    drafters: int

    @staticmethod
    def resolve_lead(obj: Any) -> str | None:
        return obj.leads[0].organisation.uscc if obj.leads else None


class StandardMemberOut(Schema):
    organisation: str
    name: str
    role: str


class StandardHistoryOut(Schema):
    old_stage: str
    new_stage: str
    by: str
    at: dt.datetime
    comment: str


class StandardDeclarationOut(Schema):
    id: int
    organisation: str
    name: str
    holds_essential: bool
    patents: list[str]
    licensing: str
    document_ref: str
    note: str
    supersedes: int | None
    current: bool
    by: str
    at: dt.datetime


class StandardMotionOut(Schema):
    id: int
    status: str
    outcome: str


class StandardRoundOut(Schema):
    seq: int
    target: str
    outcome: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    motion: StandardMotionOut | None
    declarations: list[StandardDeclarationOut]
    missing: list[str] = Field(description="Credit codes of the drafting members yet to declare")


class StandardDetailOut(Schema):
    alliance: str
    code: str
    level: str
    title_zh: str
    title_en: str
    committee: str
    stage: str
    published_number: str
    published_on: dt.date | None
    project: str | None
    results: list[str]
    drafting_members: list[StandardMemberOut]
    history: list[StandardHistoryOut]
    rounds: list[StandardRoundOut]
