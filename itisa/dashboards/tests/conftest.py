"""The dashboards' world, on top of the personas: five alliances, frozen on 2 March 2026 (Beijing).

| code | scope | province | industry | status | founded |
| CSA | national | — | C | established | 2004 |
| SDC | regional | 37 Shandong | B | forming | — |
| SDX | regional | 37 Shandong | C | established | 2015 |
| JSA | regional | 32 Jiangsu | B | pilot | 2012 |
| NTI | national | — | I | established | 2015 |

The provincial officer (37) follows SDC and SDX; the association officer (B) SDC and JSA; the national
office all five. JSA moved to established in 2013 and to pilot in 2016. Indicator ``test.dashboards.score``
for 2025: CSA 12.50 then corrected to 40.00, SDX 30.00, JSA 7.00. Diffusion obligations: CSA one open
(deadline 2026-12-31), one open past its deadline (2026-01-31: overdue today), one met; JSA one overdue.
Published pilots: CSA's period ended on 2025-12-31, JSA's ends on 2026-06-30 (within 180 days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.core import indicators as registry
from itisa.core.indicators import Indicator
from itisa.diffusion.models import Obligation
from itisa.indicators.models import IndicatorValue
from itisa.pilots.models import Application
from itisa.pilots.tests.pilot_fixtures import make_call
from itisa.registry.models import Alliance, AllianceStatusChange
from itisa.results.models import Result
from tests.factories import AllianceFactory

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
CODE = "test.dashboards.score"
SCORE = Indicator(
    code=CODE, name_zh="测试得分", name_en="Test score", unit="count", dimension="organisation",
    compute=registry.none,
)  # fmt: skip


@dataclass
class Dash:
    world: Any
    sdx: Alliance
    jsa: Alliance
    nti: Alliance

    def user(self, persona: str) -> Any:
        return self.world.user(persona)


@pytest.fixture
def score_indicator() -> Any:
    registry.register_indicators(SCORE)
    yield SCORE
    registry._REGISTRY.pop(CODE, None)


def _value(alliance: Alliance, value: str) -> None:
    IndicatorValue.objects.create(
        alliance=alliance, year=2025, code=CODE, value=Decimal(value), source="system", at=NOW
    )


def _obligation(alliance: Alliance, n: int, deadline: dt.date, status: str = "open") -> None:
    result = Result.objects.create(
        alliance=alliance, code=f"R{n:05d}", kind="paper", title_zh=f"成果{n}", status="recorded"
    )
    Obligation.objects.create(alliance=alliance, result=result, department="科学技术部",
                              starts_on=dt.date(2025, 1, 1), deadline=deadline, months=12, status=status)  # fmt: skip


def _pilot(call: Any, alliance: Alliance, start: dt.date, until: dt.date) -> None:
    Application.objects.create(call=call, alliance=alliance, status="published", outcome="pilot",
                               decision_reasons="运行成效显著", pilot_from=start, pilot_until=until)  # fmt: skip


def _moved(alliance: Alliance, old: str, new: str, at: dt.datetime) -> None:
    AllianceStatusChange.objects.create(alliance=alliance, old_status=old, new_status=new, at=at)


def build_dash(world: Any) -> Dash:
    sdx = AllianceFactory(
        code="SDX", scope="regional", province="37", industry="C", founded_on=dt.date(2015, 5, 1)
    )
    jsa = AllianceFactory(code="JSA", scope="regional", province="32", industry="B", status="pilot",
                          founded_on=dt.date(2012, 3, 1))  # fmt: skip
    nti = AllianceFactory(code="NTI", industry="I", founded_on=dt.date(2015, 9, 1))
    _moved(jsa, "forming", "established", dt.datetime(2013, 6, 1, 10, tzinfo=BEIJING))
    _moved(jsa, "established", "pilot", dt.datetime(2016, 1, 10, 10, tzinfo=BEIJING))
    for alliance, value in ((world.csa, "12.50"), (sdx, "30.00"), (jsa, "7.00"), (world.csa, "40.00")):
        _value(alliance, value)
    _obligation(world.csa, 1, dt.date(2026, 12, 31))
    _obligation(world.csa, 2, dt.date(2026, 1, 31))
    _obligation(world.csa, 3, dt.date(2025, 12, 31), "met")
    _obligation(jsa, 4, dt.date(2025, 10, 31), "overdue")
    call = make_call(world)
    _pilot(call, world.csa, dt.date(2023, 12, 31), dt.date(2025, 12, 31))
    _pilot(call, jsa, dt.date(2024, 6, 30), dt.date(2026, 6, 30))
    return Dash(world=world, sdx=sdx, jsa=jsa, nti=nti)


@pytest.fixture
def dash(world: Any, score_indicator: Any) -> Any:
    with time_machine.travel(NOW, tick=False):
        yield build_dash(world)
