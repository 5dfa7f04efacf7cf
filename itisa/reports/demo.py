"""The demo's annual reports (``itisa demo load``): the rounds of the last two reporting years (each owed
by every established or pilot alliance) and CSA's two reports — the earlier year's accepted by the
national office, last year's submitted and waiting to be checked. The years follow today's date, so the
demo stays consistent whenever it is loaded (with today in 2026: 2024 accepted, 2025 submitted)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.registry.models import Alliance
from itisa.reports.models import AnnualReport, ReportRound
from itisa.reports.services import ReportInput, report_accept, report_save, report_submit, round_open


def _parts(year: int) -> ReportInput:
    return ReportInput(
        main_work_zh=f"{year}年，联盟围绕半导体照明关键共性技术组织成员单位联合攻关，召开理事会会议两次、"
        "专家委员会会议一次，完成联盟协议修订，推进道路照明示范工程。（演示数据）",
        achievements_zh=f"{year}年，联盟成员共同申请发明专利，发布团体标准，建成检测与中试共享平台，"
        "面向行业开展技术培训与人员交流。（演示数据）",
        problems_zh="成员单位投入不均衡，部分项目进度滞后；成果转化与推广渠道有待拓宽。（演示数据）",
        plan_zh="下一年度拟加强标准与知识产权布局，扩大示范应用，完善共享平台运行机制。（演示数据）",
        main_work_en=f"In {year} the alliance organised joint research on key generic technologies of "
        "solid-state lighting. (demo)",
    )


@transaction.atomic
def load_demo_reports(*, alliance: Alliance, national: Any, secretariat: Any) -> int:
    """Once (nothing when the earlier round exists); returns how many reports of CSA it wrote."""
    this_year = timezone.localdate().year
    earlier, last = this_year - 2, this_year - 1
    if ReportRound.objects.filter(year=earlier).exists():
        return 0
    for year in (earlier, last):
        round_open(by=national, year=year)
    written = 0
    for year in (earlier, last):
        report = AnnualReport.objects.filter(alliance=alliance, year=year).first()
        if report is None:
            continue
        report_save(by=secretariat, report=report, data=_parts(year))
        report_submit(by=secretariat, report=report)
        if year == earlier:
            report_accept(by=national, report=report)
        written += 1
    return written
