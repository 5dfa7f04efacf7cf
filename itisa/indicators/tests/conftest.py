"""Fixtures of the indicator store's tests: a computed indicator the alliance may also correct (registered
for the test only), and counters of what a refused write must leave unchanged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core import indicators as registry
from itisa.indicators.models import IndicatorValue

CORRECTABLE = "test.correctable"
SHARE = "test.share"


def _fixed(alliance_ids: Any, year: int) -> dict[int, Decimal]:
    return {aid: Decimal("7") for aid in alliance_ids}


@pytest.fixture
def correctable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two indicators for the test only: a count the system computes (7) that the alliance may correct,
    and a self-reported percentage."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    registry.register_indicators(
        registry.Indicator(
            code=CORRECTABLE, name_zh="可更正", name_en="Correctable", unit="count", dimension="service",
            compute=_fixed, self_reported=True,
        ),
        registry.Indicator(
            code=SHARE, name_zh="比例", name_en="Share", unit="percent", dimension="service",
            compute=registry.none, self_reported=True,
        ),
    )  # fmt: skip


def counts() -> tuple[int, int]:
    """Rows of the store and of the audit log (a refusal changes neither)."""
    return IndicatorValue.objects.count(), AuditEntry.objects.count()
