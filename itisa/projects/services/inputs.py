"""Typed inputs of the project services. Amounts stay as given (strings or Decimals); the services read
them with ``core.values.parse_amount`` against their column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itisa.core.inputs import ServiceInput

Amount = str | int | Decimal


class ProjectInput(ServiceInput):
    """A proposed project: title, period, summary and the lead member with its own task and resources."""

    title_zh: str = ""
    title_en: str = ""
    summary_zh: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    lead: int | None = None
    lead_task_zh: str = ""
    lead_money: Amount = "0"
    lead_people_months: Amount = "0"


class GoalInput(ServiceInput):
    """A technical goal, its measurable target and the agreement goal it serves (its title, or empty)."""

    title_zh: str = ""
    target: str = ""
    agreement_goal: str = ""


class ParticipantInput(ServiceInput):
    """A participating member (organisation id), its task and its committed money and people-months."""

    organisation: int | None = None
    task_zh: str = ""
    money: Amount = "0"
    people_months: Amount = "0"


class FundingInput(ServiceInput):
    """A funding source: its kind, the fund of the book it is booked to, the amount, and whose own funds."""

    kind: str = ""
    fund: int | None = None
    amount: Amount = ""
    organisation: int | None = None


class MilestoneInput(ServiceInput):
    """A milestone or deliverable with its first and due days."""

    kind: str = "milestone"
    title_zh: str = ""
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
