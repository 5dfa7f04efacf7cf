"""API schemas of the indicators: the registry, an alliance's table for a year, a self-report."""

from __future__ import annotations

from ninja import Field, Schema


class IndicatorDefOut(Schema):
    code: str
    name_zh: str
    name_en: str
    unit: str = Field(description="count | yuan | percent | hours")
    dimension: str = Field(description="organisation | innovation | results | funds | service")
    self_reported: bool = Field(description="The alliance may enter or correct it, with evidence")
    reference: str


class IndicatorRecordedOut(Schema):
    value: str = Field(description="Decimal, two places")
    source: str = Field(description="system | self_reported")
    evidence: str
    note: str


class IndicatorRowOut(Schema):
    code: str
    name_zh: str
    name_en: str
    unit: str
    dimension: str
    self_reported: bool
    system: str | None = Field(description="What the system computes now; null: it holds no value")
    recorded: IndicatorRecordedOut | None = Field(description="The current recorded value (the newest row)")


class IndicatorTableOut(Schema):
    alliance: str
    year: int
    rows: list[IndicatorRowOut]


class IndicatorRecordOut(Schema):
    written: int = Field(description="Values recorded (those that changed since last recorded)")


class IndicatorReportIn(Schema):
    code: str = Field(max_length=80)
    value: str = Field(max_length=64, description="Digits with an optional decimal point, e.g. 1200000.50")
    evidence: str = Field(max_length=500)
    note: str = Field("", max_length=500)


class IndicatorValueOut(Schema):
    code: str
    year: int
    value: str
    source: str
    evidence: str
    note: str
    at: str
