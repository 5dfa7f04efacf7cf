"""API schemas of the results register. Shares are strings with two decimals (percent), never floats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import StrictBool

from itisa.core.inputs import Id


class ResultShareIn(Schema):
    organisation: Id = Field(description="Organisation id")
    share: str = Field(
        description="Percent with at most two decimals, e.g. 60.00; a result's shares add up to 100"
    )


class ResultInventorIn(Schema):
    name: str
    organisation: Id | None = None
    share: str = Field(description="Percent, e.g. 70")


class ResultIn(Schema):
    kind: str = Field(
        description="invention | utility_model | design | software | standard | paper | product | know_how"
    )
    title_zh: str
    title_en: str = ""
    project: Id | None = Field(None, description="Project id of this alliance")
    funding: list[Id] | None = Field(
        None, description="Funding source ids of the project (null: all of them)"
    )
    number: str = Field(
        "", description="Patents: CNIPA application number with its check character, e.g. ZL201811564288.X"
    )
    status: str = Field(description="filed | granted | lapsed (registered kinds); recorded (others)")
    filed_on: dt.date | None = None
    granted_on: dt.date | None = None
    lapsed_on: dt.date | None = None
    contributions: list[ResultShareIn]
    inventors: list[ResultInventorIn] = []
    owners: list[ResultShareIn] = Field(
        [], description="Only when the agreement leaves ownership to the project contract"
    )
    document_ref: str = Field("", description="The project contract's reference, with owners")


class ResultOwnersIn(Schema):
    owners: list[ResultShareIn]
    basis: str = Field(description="resolution | consent")
    motion: Id | None = Field(
        None, description="A passed motion of the alliance's decision body (resolution)"
    )
    consenting: list[Id] = Field([], description="Organisation ids of every current and new owner (consent)")
    document_ref: str = ""
    document_on: dt.date | None = None
    reason: str = ""


class ResultMoveIn(Schema):
    to: str = Field(description="granted | lapsed")
    on: dt.date
    comment: str = ""


class ResultPublicIn(Schema):
    public: StrictBool


class ResultBackgroundIn(Schema):
    organisation: Id
    kind: str
    title_zh: str
    number: str = ""
    restrictions_zh: str
    declared_on: dt.date


class ResultOwnerOut(Schema):
    organisation: str = Field(description="Credit code")
    name_zh: str
    share: str


class ResultOut(Schema):
    id: int
    code: str
    kind: str
    title_zh: str
    number: str
    status: str
    project: str | None
    publicly_funded: bool
    public: bool
    owners: list[ResultOwnerOut] = Field(description="The current owners and their shares")

    @staticmethod
    def resolve_project(obj: Any) -> str | None:
        return obj.project.code if obj.project else None

    @staticmethod
    def resolve_owners(obj: Any) -> list[dict[str, str]]:
        owners = obj.ownership.owners.all() if obj.ownership else []
        return [{"organisation": o.organisation.uscc, "name_zh": o.organisation.name_zh, "share": str(o.share)}
                for o in owners]  # fmt: skip


class ResultContributionOut(Schema):
    organisation: str
    name_zh: str
    share: str


class ResultInventorOut(Schema):
    name: str
    organisation: str | None
    share: str


class ResultFundingOut(Schema):
    id: int
    kind: str
    fund: str
    amount: str


class ResultOwnershipOwnerOut(Schema):
    organisation: str
    share: str


class ResultOwnershipOut(Schema):
    seq: int
    basis: str
    rule: str
    agreement: str | None
    motion: int | None
    document_ref: str
    document_on: dt.date | None
    reason: str
    at: dt.datetime
    owners: list[ResultOwnershipOwnerOut]


class ResultDetailOut(Schema):
    id: int
    alliance: str
    code: str
    kind: str
    title_zh: str
    title_en: str
    number: str
    status: str
    filed_on: dt.date | None
    granted_on: dt.date | None
    lapsed_on: dt.date | None
    project: str | None
    publicly_funded: bool
    public: bool
    owners: list[ResultOwnerOut]
    ownership_basis: str | None
    contributions: list[ResultContributionOut] = Field(description="For the alliance's people only")
    inventors: list[ResultInventorOut]
    funding: list[ResultFundingOut]
    ownership_history: list[ResultOwnershipOut]


class ResultBackgroundOut(Schema):
    id: int
    organisation: str = Field(alias="organisation.uscc")
    kind: str
    title_zh: str
    number: str
    restrictions_zh: str
    declared_on: dt.date


class ResultImportOut(Schema):
    imported: int
    codes: list[str]


class ResultAccessRequestIn(Schema):
    organisation: Id = Field(description="Id of the requesting member (you act for it)")
    purpose: str = Field(description="project_execution | exploitation")
    justification: str = Field(description="Why the member needs access to the result")


class ResultAccessDecisionIn(Schema):
    to: str = Field(description="granted | refused")
    terms: str = Field("", description="royalty_free | fair_reasonable (granted only)")
    note: str = Field("", description="The conditions (granted) or the reason (refused, required)")


class ResultAccessRequestOut(Schema):
    id: int
    result: int = Field(alias="result_id")
    organisation: str = Field(alias="organisation.uscc", description="Credit code of the requesting member")
    organisation_name_zh: str = Field(alias="organisation.name_zh")
    purpose: str
    justification: str
    status: str
    window_ends_on: dt.date | None = Field(description="Last day requests were accepted (null: no project)")
    requested_at: dt.datetime
    terms: str
    decision_note: str
    decided_for: str | None = Field(description="Credit code of the owner the decision was made for")
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_decided_for(obj: Any) -> str | None:
        return obj.decided_for.uscc if obj.decided_for else None
