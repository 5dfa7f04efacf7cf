"""The rating tests' world: test indicators registered for the test only (``test_indicators``), schemes over
them with the real bands, national alliances beside the conftest's CSA (established, national) and SDC
(forming, regional: out of scope), two review groups of experts, the clock frozen in 2026."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core import indicators as registry
from itisa.core.indicators import Indicator, none
from itisa.indicators.models import IndicatorValue
from itisa.pilots.models import Expert
from itisa.pilots.tests.pilot_fixtures import make_expert
from itisa.rating.models import Campaign, Outcome, Rating, Review, Scheme
from itisa.registry.models import Alliance

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)

TEST_INDICATORS = (
    Indicator("test.a", "甲", "A", "count", "organisation", none, self_reported=True),
    Indicator("test.b", "乙", "B", "count", "innovation", none, self_reported=True),
    Indicator("test.c", "丙", "C", "percent", "service", none, self_reported=True),
)

BANDS = [
    {"code": "high", "name_zh": "高", "name_en": "High", "lower": "86"},
    {"code": "fairly_high", "name_zh": "较高", "name_en": "Fairly high", "lower": "75"},
    {"code": "average", "name_zh": "一般", "name_en": "Average", "lower": "65"},
    {"code": "low", "name_zh": "较差", "name_en": "Low", "lower": "0"},
]

# the total equals test.a's value: bands at their boundaries are crafted by the value alone
IDENTITY = {
    "dimensions": [{"code": "org", "name_zh": "组织", "name_en": "Organisation", "weight": "100", "indicators": [
        {"code": "test.a", "weight": "100", "rule": "linear", "floor": "0", "target": "100"},
    ]}],
    "bands": BANDS,
}  # fmt: skip

FULL = {
    "dimensions": [
        {"code": "org", "name_zh": "组织运行", "name_en": "Organisation", "weight": "40", "indicators": [
            {"code": "test.a", "weight": "100", "rule": "linear", "floor": "0", "target": "100"},
        ]},
        {"code": "inn", "name_zh": "协同创新", "name_en": "Innovation", "weight": "60", "indicators": [
            {"code": "test.b", "weight": "50", "rule": "linear", "floor": "2", "target": "10"},
            {"code": "test.c", "weight": "50", "rule": "threshold", "floor": "0", "target": "50"},
        ]},
    ],
    "bands": BANDS,
}  # fmt: skip


def identity() -> dict[str, Any]:
    return copy.deepcopy(IDENTITY)


def full() -> dict[str, Any]:
    return copy.deepcopy(FULL)


@pytest.fixture
def test_indicators() -> Iterator[None]:
    """Register the test indicators for one test and take them out after (the registry is process-wide)."""
    added = [i for i in TEST_INDICATORS if registry.indicator(i.code) is None]
    registry.register_indicators(*added)
    yield
    for i in added:
        registry._REGISTRY.pop(i.code, None)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def put_values(alliance: Alliance, year: int, **values: str) -> None:
    """Recorded indicator values (``a="85.99"`` is test.a), as the dynamic-information database holds them."""
    for key, value in values.items():
        IndicatorValue.objects.create(alliance=alliance, year=year, code=f"test.{key}", value=Decimal(value),
                                      source="self_reported", evidence="测试证明", at=NOW)  # fmt: skip


@dataclass
class RW:
    world: Any
    office: Any
    groups: list[list[Expert]]

    def user(self, persona: str) -> Any:
        return self.world.user(persona)


@pytest.fixture
def rw(world: Any, clock: Any, test_indicators: None) -> RW:
    g1 = [make_expert(world, "一组专家", username="rater1")]
    g2 = [make_expert(world, "二组专家", username="rater2")]
    return RW(world=world, office=world.user("national_officer"), groups=[g1, g2])


def snapshot() -> tuple[int, ...]:
    """Row counts of everything the rating writes, and the audit log's."""
    return tuple(m.objects.count() for m in (Scheme, Campaign, Rating, Review, Outcome, AuditEntry))
