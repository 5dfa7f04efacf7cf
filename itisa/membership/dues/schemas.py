"""API schemas of membership dues. Amounts travel as strings with two decimals ("1234.50"), never
as JSON numbers: a float cannot hold every amount of money exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from itisa.core.inputs import Year


def money(amount: Any) -> str:
    """A ``Decimal`` amount as the API writes it: to the fen, with a point (``"1234.50"``)."""
    return f"{amount:.2f}"


class FeeOut(Schema):
    """The annual dues of one rank in one year."""

    year: int
    rank: str
    amount: str = Field(description='CNY to the fen, as a string: "1234.50"')

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return money(obj.amount)


class FeeIn(Schema):
    """A rank's annual dues: a decimal string with at most two decimals, e.g. "1200.00"."""

    amount: str = Field(description='CNY, as a string with at most two decimals: "1200.00"')


class FeeFilterIn(Schema):
    year: Year | None = Field(default=None, description="Only this year's fee schedule")


class InvoiceOut(Schema):
    """A member's dues notice (会费通知单) for a year."""

    id: int
    number: str
    alliance: str
    year: int
    organisation: str
    organisation_name_zh: str
    rank: str
    amount: str = Field(description='CNY to the fen, as a string: "1234.50"')
    issued_on: dt.date
    due_on: dt.date
    status: str
    paid_on: dt.date | None
    payment_reference: str
    cancel_reason: str

    @staticmethod
    def resolve_alliance(obj: Any) -> str:
        return obj.alliance.code

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.membership.organisation.uscc

    @staticmethod
    def resolve_organisation_name_zh(obj: Any) -> str:
        return obj.membership.organisation.name_zh

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return money(obj.amount)


class InvoiceFilterIn(Schema):
    year: Year | None = Field(default=None, description="Only this year's dues notices")
    status: str = Field(default="", description="unpaid | paid | cancelled")


class IssueIn(Schema):
    """Issue a year's dues notices with these dates."""

    year: Year
    issued_on: dt.date
    due_on: dt.date


class PaidIn(Schema):
    """A payment: the date the money arrived and the bank or receipt reference."""

    paid_on: dt.date
    reference: str = ""


class CancelIn(Schema):
    """Why the dues notice is cancelled."""

    reason: str
