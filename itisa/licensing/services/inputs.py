"""Typed inputs of the licensing services. Amounts stay as given (strings, ints or Decimals); the
services read them with ``core.values.parse_amount`` against their columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itisa.core.inputs import ServiceInput

Amount = str | int | Decimal


class ConsentInput(ServiceInput):
    """A joint owner's (organisation id) written consent: its reference and date."""

    organisation: int | None = None
    document_ref: str = ""
    given_on: dt.date | None = None


class LicenceInput(ServiceInput):
    """A licence of a result: to a member (``licensee`` id) or to an outside party (``licensee_name``,
    ``licensee_uscc``); exclusive licences carry every owner's consent."""

    result: int | None = None
    licensee: int | None = None
    licensee_name: str = ""
    licensee_uscc: str = ""
    exclusive: bool = False
    field_zh: str = ""
    territory_zh: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    upfront_fee: Amount = "0"
    royalty_terms_zh: str = ""
    royalty_percent: Amount | None = None
    report_months: list[int] = []
    consents: list[ConsentInput] = []


class CostInput(ServiceInput):
    """The costs a member (organisation id) bore for the result, recovered first when the agreement says so."""

    organisation: int | None = None
    amount: Amount = ""


class ReceiptInput(ServiceInput):
    """Money received under a licence."""

    received_on: dt.date | None = None
    amount: Amount = ""
    memo: str = ""
    costs: list[CostInput] = []


class TransferInput(ServiceInput):
    """A transfer of an owner's (``transferor`` id) share of a result to ``transferee`` (id)."""

    result: int | None = None
    transferor: int | None = None
    transferee: int | None = None
    price: Amount = ""
    contract_ref: str = ""
    notice_on: dt.date | None = None


class ContractInput(ServiceInput):
    """A registered technology contract: its national registration number and verified amount."""

    number: str = ""
    kind: str = ""
    licence: int | None = None
    transfer: int | None = None
    verified_amount: Amount = ""
    registered_on: dt.date | None = None
