"""API schemas of licensing. Amounts are strings with two decimals (CNY), never floats."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from itisa.core.inputs import Id

Month = Annotated[int, Field(ge=1, le=12)]


class LicenceConsentIn(Schema):
    organisation: Id = Field(description="The owner's organisation id")
    document_ref: str
    given_on: dt.date


class LicenceIn(Schema):
    result: Id = Field(description="The result's id")
    licensee: Id | None = Field(
        default=None, description="A member's organisation id (or name an outside licensee)"
    )
    licensee_name: str = ""
    licensee_uscc: str = Field(default="", description="An outside licensee's unified social credit code")
    exclusive: bool = False
    field_zh: str
    territory_zh: str
    starts_on: dt.date
    ends_on: dt.date
    upfront_fee: str = Field(default="0", description="CNY, e.g. 50000.00")
    royalty_terms_zh: str = ""
    royalty_percent: str | None = Field(default=None, description="Percent, e.g. 3.00")
    report_months: list[Month] = Field(
        default=[], description="Months (1–12) in which royalties are reported"
    )
    consents: list[LicenceConsentIn] = Field(
        default=[], description="Every owner's consent, for an exclusive licence"
    )


class LicenceOut(Schema):
    code: str
    result: str
    licensee: str
    licensee_uscc: str
    exclusive: bool
    starts_on: dt.date
    ends_on: dt.date
    upfront_fee: str
    report_months: list[int]

    @staticmethod
    def resolve_result(obj: Any) -> str:
        return str(obj.result.code)

    @staticmethod
    def resolve_licensee(obj: Any) -> str:
        return str(obj.licensee_name)

    @staticmethod
    def resolve_upfront_fee(obj: Any) -> str:
        return str(obj.upfront_fee)


class SplitLineOut(Schema):
    kind: str = Field(description="cost_recovery | creator | contributors | inventors | alliance")
    organisation: str | None = Field(description="The member's credit code (for a member's lines)")
    name: str
    amount: str


class EntryRefOut(Schema):
    id: int
    status: str


class ReceiptOut(Schema):
    seq: int
    received_on: dt.date
    amount: str
    memo: str
    entry: EntryRefOut | None = Field(description="The journal entry of the approved split")
    lines: list[SplitLineOut]


class ConsentOut(Schema):
    organisation: str
    document_ref: str
    given_on: dt.date


class LicenceDetailOut(Schema):
    alliance: str
    code: str
    result: str
    licensee: str
    licensee_uscc: str
    member: bool
    exclusive: bool
    field_zh: str
    territory_zh: str
    starts_on: dt.date
    ends_on: dt.date
    upfront_fee: str
    royalty_terms_zh: str
    royalty_percent: str | None
    report_months: list[int]
    consents: list[ConsentOut]
    receipts: list[ReceiptOut]


class CostIn(Schema):
    organisation: Id
    amount: str = Field(description="The member's costs for the result (CNY)")


class ReceiptIn(Schema):
    received_on: dt.date
    amount: str = Field(description="CNY above zero, e.g. 12345.67")
    memo: str = ""
    costs: list[CostIn] = Field(
        default=[], description="Members' costs, recovered first where the agreement says so"
    )


class TransferIn(Schema):
    result: Id = Field(description="The result's id")
    transferor: Id = Field(description="The transferring owner's organisation id")
    transferee: Id = Field(description="The transferee's organisation id")
    price: str = Field(description="CNY, e.g. 800000.00")
    contract_ref: str
    notice_on: dt.date = Field(description="The day the other joint owners were notified")


class ObjectionIn(Schema):
    organisation: Id = Field(description="The objecting joint owner's organisation id")
    reason: str


class ObjectionOut(Schema):
    organisation: str
    name: str
    reason: str
    objected_on: dt.date


class TransferOut(Schema):
    code: str
    result: str
    transferor: str = Field(description="The transferor's credit code")
    transferor_name: str
    transferee: str = Field(description="The transferee's credit code")
    transferee_name: str
    price: str
    contract_ref: str
    notice_on: dt.date
    objection_days: int
    objection_ends_on: dt.date = Field(description="The last day the other joint owners may object")
    state: str = Field(description="waiting | blocked | ready | completed")
    objections: list[ObjectionOut]
    completed_on: dt.date | None


class ContractIn(Schema):
    number: str = Field(description="The national registration number, e.g. 2026110108000123")
    kind: str = Field(description="development | transfer | licence | consulting | service")
    licence: Id | None = Field(default=None, description="The licence's id, if any")
    transfer: Id | None = Field(default=None, description="The transfer's id, if any")
    verified_amount: str = Field(description="CNY verified by the registration office")
    registered_on: dt.date


class ContractOut(Schema):
    number: str
    kind: str
    licence: str | None = Field(description="The licence's code")
    transfer: str | None = Field(description="The transfer's code")
    verified_amount: str
    registered_on: dt.date
