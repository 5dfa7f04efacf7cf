"""API schemas of the ledger. Amounts are strings with two decimals, never floats."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from itisa.core.inputs import Id


class PostingIn(Schema):
    account: str = Field(description="Account code in the book's chart, e.g. 1002")
    fund: Id = Field(description="Fund id")
    amount: str = Field(description="Signed decimal in CNY: debit > 0, credit < 0, e.g. -1200.00")
    currency: str = "CNY"
    memo: str = ""
    cost_object: Id | None = Field(
        default=None, description="Cost object id: the project of this alliance the amount is for"
    )


class EntryIn(Schema):
    date: dt.date
    memo: str
    idempotency_key: str = Field(description="A retried request with the same key books nothing new")
    postings: list[PostingIn]


class EntryEditIn(Schema):
    """A draft's new date, memo and postings: every posting of the draft is replaced."""

    date: dt.date
    memo: str
    postings: list[PostingIn]


class SendBackIn(Schema):
    reason: str = Field(description="Why the entry goes back to its preparer (required)")


class EntryDeletedOut(Schema):
    id: int = Field(description="The deleted draft's id (the audit log keeps what it was)")
    deleted: bool = True


class PostingOut(Schema):
    account: str = Field(alias="account.code")
    account_name_zh: str = Field(alias="account.name_zh")
    fund: int = Field(alias="fund_id")
    amount: str
    memo: str
    cost_object: int | None = Field(alias="cost_object_id")

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return str(obj.amount)


class EntryOut(Schema):
    id: int
    date: dt.date
    memo: str
    status: str
    period: str | None
    number: int | None
    idempotency_key: str
    prepared_by: str = Field(alias="prepared_by.username")
    approved_by: str | None
    second_approved_by: str | None
    reverses: int | None = Field(alias="reverses_id")
    postings: list[PostingOut]

    @staticmethod
    def resolve_period(obj: object) -> str | None:
        period = getattr(obj, "period", None)
        return str(period) if period else None

    @staticmethod
    def resolve_approved_by(obj: object) -> str | None:
        user = getattr(obj, "approved_by", None)
        return user.username if user else None

    @staticmethod
    def resolve_second_approved_by(obj: object) -> str | None:
        user = getattr(obj, "second_approved_by", None)
        return user.username if user else None

    @staticmethod
    def resolve_postings(obj: object) -> list[object]:
        # a list of entries comes with its postings prefetched (``selectors.with_postings``): no query per entry
        if "postings" in getattr(obj, "_prefetched_objects_cache", {}):
            return list(obj.postings.all())  # type: ignore[attr-defined]
        return list(obj.postings.select_related("account"))  # type: ignore[attr-defined]


class TrialBalanceRowOut(Schema):
    account: str
    name_zh: str
    account_class: str
    debit: str
    credit: str
    balance: str
