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
from tests.factories import AllianceFactory

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


def every_record(world: Any) -> dict[str, Any]:
    """One row of each sealed table of the rating, written through the services (``tests/test_sealed_records.py``,
    with the rating's own registered indicators)."""
    from itisa.indicators.services import indicator_value_report
    from itisa.rating import services
    from itisa.rating.demo import CODES, SCHEME_2024
    from itisa.rating.models import CampaignStatusChange, Reviewer

    with time_machine.travel(NOW, tick=False):
        office = world.user("national_officer")
        for code in CODES:
            indicator_value_report(alliance=world.csa, year=2025, code=code, value="5", evidence="测试证明",
                                   by=world.user("secretariat"))  # fmt: skip
        unrated = AllianceFactory(code="RT1")  # in scope, no values: a rating no review points at
        first, second = (
            make_expert(world, "一组", username="rater1"),
            make_expert(world, "二组", username="rater2"),
        )
        services.scheme_create(
            by=office, year=2025, title="2025年度方案", definition=copy.deepcopy(SCHEME_2024)
        )
        campaign = services.campaign_create(by=office, year=2025, groups=[[first], [second]])
        campaign = services.campaign_advance(by=office, campaign=campaign)
        rating = Rating.objects.get(campaign=campaign, alliance=world.csa)
        review = services.review_record(by=first.user, rating=rating, verdict="adjust", dimension="industry",
                                        score="80", reason="核实")  # fmt: skip
        campaign = services.campaign_advance(by=office, campaign=campaign)
        services.review_record(by=second.user, rating=rating, verdict="confirm")
        for _ in range(2):
            campaign = services.campaign_advance(by=office, campaign=campaign)
    return {
        "rating_campaignstatuschange": CampaignStatusChange.objects.order_by("pk").first(),
        "rating_reviewer": Reviewer.objects.order_by("pk").first(),
        "rating_rating": Rating.objects.get(campaign=campaign, alliance=unrated),
        "rating_review": review,
        "rating_outcome": Outcome.objects.get(campaign=campaign, alliance=world.csa),
    }
