"""API schemas of financing. Amounts are strings with two decimals (CNY), never floats; class names
prefixed ``Financing`` to stay unique across the API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from itisa.core.inputs import Id


class FinancingNeedIn(Schema):
    project: Id | None = Field(default=None, description="A project of the alliance (id), or name a member")
    organisation: Id | None = Field(default=None, description="A member's organisation id, or name a project")
    channel: str = Field(description="plan_support, tech_loan, guarantee, equity or other")
    amount: str = Field(description="CNY, e.g. 5000000.00")
    purpose_zh: str


class FinancingRecommendationIn(Schema):
    recommend: bool
    letter_ref: str
    reason_zh: str


class FinancingResponseIn(Schema):
    institution: str
    institution_kind: str = Field(description="bank, guarantor, investor, government or other")
    decision: str = Field(description="offered or declined")
    amount_offered: str | None = None
    rate_percent: str | None = Field(default=None, description="Percent a year, e.g. 3.450")
    terms_zh: str = ""
    responded_on: dt.date


class FinancingCloseIn(Schema):
    comment: str = ""


class FinancingNeedOut(Schema):
    code: str
    project: str | None
    organisation: str | None
    organisation_name: str | None
    channel: str
    amount: str
    status: str


class FinancingHistoryOut(Schema):
    old_status: str
    new_status: str
    by: str
    at: dt.datetime
    comment: str


class FinancingResponseOut(Schema):
    institution: str
    institution_kind: str
    decision: str
    amount_offered: str | None
    rate_percent: str | None
    terms_zh: str
    responded_on: dt.date


class FinancingNeedDetailOut(FinancingNeedOut):
    purpose_zh: str
    letter_ref: str
    reason_zh: str
    history: list[FinancingHistoryOut]
    responses: list[FinancingResponseOut]


class FinancingLineIn(Schema):
    institution: str
    institution_kind: str
    borrower: Id | None = Field(
        default=None, description="A member's organisation id; none: the alliance itself"
    )
    limit: str = Field(description="CNY")
    starts_on: dt.date
    ends_on: dt.date
    fund: Id | None = Field(default=None, description="A loan fund of the alliance's ledger (id)")
    project: Id | None = None
    need: Id | None = None


class FinancingDrawdownIn(Schema):
    amount: str
    drawn_on: dt.date
    due_on: dt.date


class FinancingRepaymentIn(Schema):
    amount: str
    repaid_on: dt.date


class FinancingRepaymentOut(Schema):
    amount: str
    repaid_on: dt.date


class FinancingDrawdownOut(Schema):
    seq: int
    amount: str
    drawn_on: dt.date
    due_on: dt.date
    outstanding: str
    state: str = Field(description="running, due (within 30 days), overdue or repaid")
    repayments: list[FinancingRepaymentOut]


class FinancingLineOut(Schema):
    code: str
    institution: str
    institution_kind: str
    borrower: str | None
    borrower_name: str
    limit: str
    starts_on: dt.date
    ends_on: dt.date
    fund: str | None
    project: str | None
    need: str | None
    drawn: str
    undrawn: str
    outstanding: str
    drawdowns: list[FinancingDrawdownOut]
