"""API schemas of key technical problems and endorsements (class names prefixed to stay unique)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from itisa.core.inputs import Id


class KeyProblemFilterIn(Schema):
    """Search text (titles, description, keywords) and GB/T 4754 industry, GB/T 2260 province, status and
    body kind codes."""

    q: str = Field("", max_length=100)
    industry: str = Field("", max_length=1)
    province: str = Field("", max_length=2)
    status: str = Field("", max_length=20)
    body_kind: str = Field("", max_length=20)


class KeyProblemIn(Schema):
    body: str = Field("", description="The body published for: province:37, association:B or ministry:C; "
                      "may be left out by an officer of one body", max_length=30)  # fmt: skip
    title_zh: str = Field(max_length=200)
    title_en: str = Field("", max_length=300)
    description: str = Field(max_length=4000)
    industry: str = Field(
        "", description="GB/T 4754 section letter (an association's own by default)", max_length=1
    )
    province: str = Field(
        "", description="Two-digit GB/T 2260 code (a province's own by default)", max_length=2
    )
    keywords: str = Field("", description="Technology keywords separated by commas", max_length=300)


class KeyProblemCloseIn(Schema):
    comment: str = Field("", max_length=2000)


class KeyProblemOut(Schema):
    id: int
    body: str = Field(description="province:37, association:B or ministry:C")
    title_zh: str
    title_en: str
    description: str
    industry: str
    province: str
    keywords: list[str]
    status: str = Field(description="draft, open or closed")
    published_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_body(obj: Any) -> str:
        return obj["body"] if isinstance(obj, dict) else obj.body.key

    @staticmethod
    def resolve_keywords(obj: Any) -> list[str]:
        return obj["keywords"] if isinstance(obj, dict) else obj.keyword_list


class EndorsementIn(Schema):
    alliance: str = Field(
        "", description="Short code of a forming alliance (or give proposal)", max_length=20
    )
    proposal: Id | None = Field(None, description="Id of a submitted proposal (or give alliance)")
    body: str = Field(
        "", description="The body endorsing, when the officer acts for several here", max_length=30
    )
    statement: str = Field(max_length=2000)
    problem: Id | None = Field(None, description="Id of one of the body's open key problems it addresses")


class EndorsementWithdrawIn(Schema):
    reason: str = Field(description="Why the endorsement is withdrawn (required)", max_length=2000)


class EndorsementOut(Schema):
    id: int
    alliance: str = Field(description="The alliance's short code, or empty for a proposal's endorsement")
    proposal: int | None
    body: str
    statement: str
    problem: int | None
    status: str = Field(description="active or withdrawn")
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdraw_reason: str


class FormingAllianceOut(Schema):
    code: str
    name_zh: str
    scope: str
    province: str
    industry: str
    endorsements: list[EndorsementOut]


class FormingProposalOut(Schema):
    id: int
    code: str
    name_zh: str
    scope: str
    province: str
    industry: str
    submitted_at: dt.datetime | None
    endorsements: list[EndorsementOut]


class FormingOut(Schema):
    """What forms in the officer's scope: forming alliances and submitted proposals, with active
    endorsements."""

    alliances: list[FormingAllianceOut]
    proposals: list[FormingProposalOut]
