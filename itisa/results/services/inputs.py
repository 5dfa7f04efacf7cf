"""Typed inputs of the results services. Shares stay as given (strings, ints or Decimals); the services
read them with ``core.values.parse_amount`` against the share column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itisa.core.inputs import ServiceInput

Amount = str | int | Decimal


class ShareInput(ServiceInput):
    """An organisation (id) and its share in percent, e.g. ``"60.00"``."""

    organisation: int | None = None
    share: Amount = ""


class InventorInput(ServiceInput):
    """A person who made the result, the organisation they work for (id, optional) and their share."""

    name: str = ""
    organisation: int | None = None
    share: Amount = ""


class ResultInput(ServiceInput):
    """A result to register. ``funding``: ids of the project's funding sources it came from (None: all
    of them). ``owners`` and ``document_ref``: only where the agreement leaves ownership to the project
    contract."""

    kind: str = ""
    title_zh: str = ""
    title_en: str = ""
    project: int | None = None
    funding: list[int] | None = None
    number: str = ""
    status: str = ""
    filed_on: dt.date | None = None
    granted_on: dt.date | None = None
    lapsed_on: dt.date | None = None
    contributions: list[ShareInput] = []
    inventors: list[InventorInput] = []
    owners: list[ShareInput] = []
    document_ref: str = ""


class OwnerChangeInput(ServiceInput):
    """New owners and the recorded decision: a passed resolution (``motion`` id) or the written consent
    of every current and new owner (``consenting`` ids, ``document_ref``, ``document_on``)."""

    owners: list[ShareInput] = []
    basis: str = ""
    motion: int | None = None
    consenting: list[int] = []
    document_ref: str = ""
    document_on: dt.date | None = None
    reason: str = ""


class BackgroundInput(ServiceInput):
    """A member's background IP: what it is, its number, and the restrictions on its use."""

    organisation: int | None = None
    kind: str = ""
    title_zh: str = ""
    number: str = ""
    restrictions_zh: str = ""
    declared_on: dt.date | None = None


class AccessRequestInput(ServiceInput):
    """A member's request for access rights: the member (id), the purpose (``project_execution`` or
    ``exploitation``) and why the access is needed."""

    organisation: int | None = None
    purpose: str = ""
    justification: str = ""


class AccessDecisionInput(ServiceInput):
    """The owners' decision: ``granted`` with ``terms`` (``royalty_free`` or ``fair_reasonable``) and
    any conditions in ``note``, or ``refused`` with the reason in ``note``."""

    to: str = ""
    terms: str = ""
    note: str = ""
