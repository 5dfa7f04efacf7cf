"""API schemas of the annual reports (names prefixed with the app's noun: unique across the API)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from itisa.core.inputs import Year


class ReportRoundOut(Schema):
    year: int
    deadline: dt.date
    note: str
    opened_at: dt.datetime
    total: int = Field(description="Alliances that owe a report of the year")
    counts: dict[str, int] = Field(description="Reports by status, and overdue")


class ReportRoundIn(Schema):
    year: Year
    deadline: dt.date | None = Field(None, description="Empty: 28 February of the next year")
    note: str = ""


class ReportIndicatorOut(Schema):
    code: str
    value: Decimal
    source: str
    evidence: str


class ReportSubmissionOut(Schema):
    number: int
    by: str
    at: dt.datetime
    late: bool
    sha256: str = Field(description="SHA-256 of the canonical JSON (RFC 8785) of the parts and the table")
    indicators: list[ReportIndicatorOut]


class AnnualReportOut(Schema):
    alliance: str
    year: int
    status: str
    deadline: dt.date
    overdue: bool
    submitted_at: dt.datetime | None
    main_work_zh: str
    main_work_en: str
    achievements_zh: str
    achievements_en: str
    problems_zh: str
    problems_en: str
    plan_zh: str
    plan_en: str
    submission: ReportSubmissionOut | None = Field(description="The last submission, with the frozen table")


class AnnualReportRowOut(Schema):
    """One report in the received list (the four parts and the frozen table are read one report at a time)."""

    alliance: str = Field(alias="alliance.code")
    year: int
    status: str
    deadline: dt.date = Field(alias="round.deadline")
    overdue: bool
    submitted_at: dt.datetime | None

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.overdue_at is not None


class AnnualReportIn(Schema):
    """The parts to write; a part not sent is left as it is."""

    main_work_zh: str | None = None
    main_work_en: str | None = None
    achievements_zh: str | None = None
    achievements_en: str | None = None
    problems_zh: str | None = None
    problems_en: str | None = None
    plan_zh: str | None = None
    plan_en: str | None = None


class ReportReturnIn(Schema):
    reason: str
