"""Typed inputs of the financing services. Amounts stay as given (strings, ints or Decimals); the
services read them with ``core.values.parse_amount`` against their columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itisa.core.inputs import ServiceInput

Amount = str | int | Decimal


class NeedInput(ServiceInput):
    """A financing need: for a project of the alliance (id) or a member (organisation id)."""

    project: int | None = None
    organisation: int | None = None
    channel: str = ""
    amount: Amount = ""
    purpose_zh: str = ""


class RecommendationInput(ServiceInput):
    """The alliance's recommendation (or not) of a submitted need: its letter and reason."""

    recommend: bool = True
    letter_ref: str = ""
    reason_zh: str = ""


class ResponseInput(ServiceInput):
    """What a bank, guarantor or investor answered."""

    institution: str = ""
    institution_kind: str = ""
    decision: str = ""
    amount_offered: Amount | None = None
    rate_percent: Amount | None = None
    terms_zh: str = ""
    responded_on: dt.date | None = None


class LineInput(ServiceInput):
    """A credit line: the institution, the borrower (organisation id; none: the alliance), limit, term,
    and the ledger fund, project and need it is linked to (ids)."""

    institution: str = ""
    institution_kind: str = ""
    borrower: int | None = None
    limit: Amount = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    fund: int | None = None
    project: int | None = None
    need: int | None = None


class DrawdownInput(ServiceInput):
    amount: Amount = ""
    drawn_on: dt.date | None = None
    due_on: dt.date | None = None


class RepaymentInput(ServiceInput):
    amount: Amount = ""
    repaid_on: dt.date | None = None
