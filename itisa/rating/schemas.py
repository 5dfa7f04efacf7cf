"""Schemas of the rating endpoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema


class SchemeOut(Schema):
    year: int
    title: str
    status: str
    sha256: str
    copied_from: int | None = None
    definition: dict[str, Any] | None = None


class SchemeIn(Schema):
    year: int
    title: str
    definition: dict[str, Any]


class ScoresOut(Schema):
    dimensions: dict[str, str]
    total: Decimal | None
    band: str


class RatingOut(Schema):
    alliance: str
    rated: bool
    missing: list[str]
    group: int | None
    computed: ScoresOut
    final: ScoresOut | None
    disputed: bool
    decided: bool
    band_name: str


class CampaignOut(Schema):
    year: int
    status: str
    scheme: int
    scheme_sha256: str
    groups: int
    ratings: list[RatingOut]


class CampaignIn(Schema):
    year: int
    groups: list[list[int]] = []  # expert ids of the pool, one list per review group


class AdvanceIn(Schema):
    comment: str = ""


class ReviewIn(Schema):
    verdict: str
    dimension: str = ""
    score: Decimal | None = None
    reason: str = ""


class ReviewOut(Schema):
    id: int
    alliance: str
    stage: str
    verdict: str
    dimension: str
    score: Decimal | None
    reason: str


class ResultOut(Schema):
    alliance: str
    name_zh: str
    rated: bool
    total: Decimal | None
    band: str
    band_name: str
    title: bool


class ResultsOut(Schema):
    year: int
    scheme_sha256: str
    results: list[ResultOut]


class TitleOut(Schema):
    alliance: str
    name_zh: str
    year: int
