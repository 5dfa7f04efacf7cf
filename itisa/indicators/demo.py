"""Demo data of the indicators: CSA's values of the last two years recorded from the system by its
secretariat, and last year's self-reported values with their evidence (once: nothing when CSA already
has recorded values)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from itisa.indicators.models import IndicatorValue
from itisa.indicators.services import indicator_value_report, indicator_values_record
from itisa.registry.models import Alliance

REPORTED = (
    ("reported.rd_investment", "18650000.00", "2025年度联盟工作总结 附表3（成员单位联合研发投入汇总）"),
    ("reported.standards_led", "4", "国家标准化管理委员会公告 2025年第12号；工业和信息化部公告 2025年第30号"),
    ("reported.enterprises_served", "126", "联盟秘书处技术服务台账（2025年度）"),
)


def load_demo_indicators(*, alliance: Alliance, secretariat: Any) -> int:
    """Returns how many values it recorded (0 when the demo was loaded before)."""
    if IndicatorValue.objects.filter(alliance=alliance).exists():
        return 0
    last = timezone.localdate().year - 1
    written = 0
    for year in (last - 1, last):
        written += indicator_values_record(alliance=alliance, year=year, by=secretariat)
    for code, value, evidence in REPORTED:
        indicator_value_report(alliance=alliance, year=last, code=code, value=value, evidence=evidence,
                               by=secretariat)  # fmt: skip
        written += 1
    return written
