"""API schemas of proposals to form an alliance (class names prefixed ``Proposal`` to stay unique)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ProposalNewFounder(Schema):
    """A founding organisation not yet in the registry; registered when the proposal is accepted."""

    uscc: str = Field(description="Unified social credit code", max_length=18)
    name_zh: str = Field(max_length=200)
    name_en: str = Field("", max_length=300)
    kind: str = Field(description="enterprise, university, research_institute or other", max_length=30)
    ownership: str = Field("", description="An enterprise's ownership", max_length=20)
    province: str = Field(
        "", description="Two-digit GB/T 2260 code; by default the credit code's region", max_length=2
    )


class ProposalIn(Schema):
    code: str = Field(
        description="The alliance's short code: upper-case letters, digits and hyphens", max_length=20
    )
    name_zh: str = Field(max_length=200)
    name_en: str = Field("", max_length=300)
    scope: str = Field(description="national or regional")
    province: str = Field("", description="Two-digit GB/T 2260 code (regional alliances)", max_length=2)
    industry: str = Field(description="GB/T 4754 section letter", max_length=1)
    key_area: str = Field("", max_length=30)
    emerging_industry: str = Field("", max_length=30)
    founders: list[str] = Field(
        description="Unified social credit codes of the founding organisations", max_length=200
    )
    new_founders: list[ProposalNewFounder] = Field(
        [], description="Founding organisations not yet in the registry", max_length=50
    )
    host_unit: str = Field(description="The host unit's credit code, one of the founders", max_length=18)
    contact_name: str = Field(max_length=100)
    contact_phone: str = Field(max_length=40)
    contact_email: str = Field(max_length=254)
    purpose: str = Field(description="Statement of purpose", max_length=2000)


class ProposalReturnIn(Schema):
    reason: str = Field(description="Why the proposal is returned (required)", max_length=2000)


class ProposalOut(Schema):
    id: int
    code: str
    name_zh: str
    name_en: str
    scope: str
    province: str
    industry: str
    key_area: str
    emerging_industry: str
    founders: list[str]
    host_unit: str
    contact_name: str
    contact_phone: str
    contact_email: str
    purpose: str
    status: str = Field(description="draft, submitted, returned or accepted")
    return_reason: str
    proposer: str
    alliance: str = Field(description="The alliance's short code once accepted, else empty")
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    new_founders: list[ProposalNewFounder]
