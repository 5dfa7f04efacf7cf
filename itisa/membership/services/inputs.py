"""Typed inputs of the membership services: what an application to join may be given.

``application_submit`` takes an ``AdmissionInput``; ``breach_serve`` a ``BreachInput`` and
``breach_refer`` a ``ReferralInput``. The model carries the values; the service strips
and checks them (required fields, credit code, choices, the organisation rules) and refuses with the
field errors the views and the API show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import field_validator

from itisa.core.inputs import ServiceInput


class AdmissionInput(ServiceInput):
    """An organisation's application: its record, legal representative, contact, intended contribution
    and the rank it applies for (blank: ordinary)."""

    name_zh: str = ""
    uscc: str = ""
    kind: str = ""
    ownership: str = ""
    province: str = ""
    region_code: str = ""
    industry: str = ""
    address: str = ""
    legal_rep_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    intended_contribution: str = ""
    rank: str = ""

    @field_validator("*", mode="before")
    @classmethod
    def _none_is_blank(cls, value: Any) -> Any:
        return "" if value is None else value


class BreachInput(ServiceInput):
    """A notice of breach: the clause breached (one the agreement lists, or free text) and the facts."""

    clause: str = ""
    facts: str = ""


class ReferralInput(ServiceInput):
    """A lapsed breach referred to the council: the remedies proposed (``choices.Remedy``), the
    suspension's first and last day when suspension is proposed, the ballot's deadline, a comment."""

    remedies: list[str] = []
    suspend_from: dt.date | None = None
    suspend_until: dt.date | None = None
    deadline: dt.datetime
    comment: str = ""
