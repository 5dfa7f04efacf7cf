"""Pydantic in/out schemas of the evaluation API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field

from itisa.core.inputs import Id, Year

Months = Annotated[int, Field(ge=1, le=36)]


class CampaignIn(Schema):
    title_zh: str
    title_en: str = ""
    year: Year
    opens_on: dt.date
    ends_on: dt.date
    self_evaluation_due: dt.date
    verification_due: dt.date
    panel_due: dt.date
    comments_due: dt.date
    decision_due: dt.date
    rectification_months: Months = 6
    applications: list[Id] = []


class CampaignOut(Schema):
    id: int
    title_zh: str
    title_en: str
    year: int
    opens_on: dt.date
    ends_on: dt.date
    status: str
    evaluations: int


class EvaluationOut(Schema):
    id: int
    campaign: int
    alliance: str
    pilot_from: dt.date | None
    pilot_until: dt.date | None
    status: str
    grade: str


class GradeOut(Schema):
    alliance: str
    name_zh: str
    grade: str


class AdvanceIn(Schema):
    to: str
    comment: str = ""


class GradeIn(Schema):
    grade: str
    reasons: str


class RectificationOut(Schema):
    id: int
    alliance: str
    deadline: dt.date
    status: str
    plan: str
    check_comment: str


class RectificationIn(Schema):
    plan: str = ""
    passed: bool | None = None
    comment: str = ""
