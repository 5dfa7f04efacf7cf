"""Schemas of the rating endpoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema

from itisa.core.inputs import Id, Year


class RatingSchemeOut(Schema):
    year: int
    title: str
    status: str
    sha256: str
    copied_from: int | None = None
    definition: dict[str, Any] | None = None


class RatingSchemeIn(Schema):
    year: Year
    title: str
    definition: dict[str, Any]


class RatingScoresOut(Schema):
    dimensions: dict[str, str]
    total: Decimal | None
    band: str


class RatingRowOut(Schema):
    alliance: str
    rated: bool
    missing: list[str]
    group: int | None
    computed: RatingScoresOut
    final: RatingScoresOut | None
    disputed: bool
    decided: bool
    band_name: str


class RatingCampaignOut(Schema):
    year: int
    status: str
    scheme: int
    scheme_sha256: str
    groups: int
    ratings: list[RatingRowOut]


class RatingCampaignIn(Schema):
    year: Year
    groups: list[list[Id]] = []  # expert ids of the pool, one list per review group


class RatingAdvanceIn(Schema):
    comment: str = ""


class RatingReviewIn(Schema):
    verdict: str
    dimension: str = ""
    score: Decimal | None = None
    reason: str = ""


class RatingReviewOut(Schema):
    id: int
    alliance: str
    stage: str
    verdict: str
    dimension: str
    score: Decimal | None
    reason: str


class RatingResultOut(Schema):
    alliance: str
    name_zh: str
    rated: bool
    total: Decimal | None
    band: str
    band_name: str
    title: bool


class RatingResultsOut(Schema):
    year: int
    scheme_sha256: str
    results: list[RatingResultOut]


class RatingTitleOut(Schema):
    alliance: str
    name_zh: str
    year: int
