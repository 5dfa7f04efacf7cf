"""Typed inputs of the talent services."""

from __future__ import annotations

import datetime as dt

from itisa.core.inputs import ServiceInput


class ProgrammeInput(ServiceInput):
    """A joint training programme: its kind, title, organising members (organisation ids) and period."""

    kind: str = ""
    title_zh: str = ""
    title_en: str = ""
    organisers: list[int] = []
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    planned_participants: int | None = None


class ProgrammeOutcomeInput(ServiceInput):
    """What a programme achieved: how many took part and its outcome."""

    actual_participants: int | None = None
    outcome_zh: str = ""


class ExchangeInput(ServiceInput):
    """A staff exchange: the person, from one member to another (organisation ids), role, period, purpose."""

    person_name: str = ""
    from_org: int | None = None
    to_org: int | None = None
    role_zh: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    purpose_zh: str = ""


class OutcomeInput(ServiceInput):
    """What an exchange achieved, recorded when it ends."""

    outcome_zh: str = ""
