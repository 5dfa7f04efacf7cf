"""The annual report tests' world: CSA (national, established) and SDC (regional, Shandong, made
established here) owe reports; only two indicators are registered for the tests (one the system counts — the
alliance's active members, through the registry's reverse relation — and one the alliance reports).
The clock is frozen at ``NOW`` (Beijing, 2 January 2026); the 2025 round's deadline is 28 February 2026."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Count, Q

from itisa.core import indicators as registry
from itisa.core.indicators import Indicator
from itisa.registry.models import Alliance
from itisa.reports.models import AnnualReport, ReportRound
from itisa.reports.services import ReportInput, report_save, round_open

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 1, 2, 9, 0, tzinfo=BEIJING)
YEAR = 2025

PARTS = {
    "main_work_zh": "组织联合攻关，召开理事会两次。",
    "achievements_zh": "形成团体标准一项，专利五件。",
    "problems_zh": "成员投入不均衡。",
    "plan_zh": "明年拓展示范应用。",
}


def _members(alliance_ids: Any, year: int) -> dict[int, Decimal]:
    rows = Alliance.objects.filter(pk__in=list(alliance_ids)).annotate(
        n=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    return {a.pk: Decimal(a.n) for a in rows}


MEMBERS = Indicator(code="test.members", name_zh="成员数", name_en="Members", unit="count",
                    dimension="organisation", compute=_members)  # fmt: skip
SPENDING = Indicator(code="test.spending", name_zh="成员研发投入", name_en="Members' R&D spending", unit="yuan",
                     dimension="funds", compute=registry.none, self_reported=True)  # fmt: skip


@pytest.fixture(autouse=True)
def _indicators(monkeypatch: Any) -> None:
    """Only the tests' two indicators are registered, so that the frozen tables are exact whatever the
    domain apps register."""
    monkeypatch.setattr(registry, "_REGISTRY", {MEMBERS.code: MEMBERS, SPENDING.code: SPENDING})


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class RW:
    world: Any
    round: ReportRound
    csa: AnnualReport
    sdc: AnnualReport

    def user(self, persona: str) -> Any:
        return self.world.user(persona)


def open_round(world: Any, *, year: int = YEAR, deadline: dt.date | None = None) -> ReportRound:
    return round_open(by=world.user("national_officer"), year=year, deadline=deadline)


@pytest.fixture
def rw(world: Any, clock: Any) -> RW:
    Alliance.objects.filter(pk=world.sdc.pk).update(status="established")
    rnd = open_round(world)
    return RW(world, rnd, AnnualReport.objects.get(alliance=world.csa, year=YEAR),
              AnnualReport.objects.get(alliance=world.sdc, year=YEAR))  # fmt: skip


def write(rw: RW, report: AnnualReport | None = None) -> AnnualReport:
    return report_save(by=rw.user("secretariat"), report=report or rw.csa, data=ReportInput(**PARTS))


def every_record(world: Any) -> dict[str, Any]:
    """One row of each sealed table, written through the services (``tests/test_sealed_records.py``).

    The submission given is a first one made while no indicator is registered, so that deleting it leaves
    no frozen value behind; the frozen value is of the second submission (after a return), with the tests'
    system-counted indicator registered. The registry is restored afterwards."""
    from itisa.reports.models import ReportIndicator, ReportStatusChange
    from itisa.reports.services import report_return, report_submit

    saved = dict(registry._REGISTRY)
    try:
        with time_machine.travel(NOW, tick=False):
            open_round(world)
            report = AnnualReport.objects.get(alliance=world.csa, year=YEAR)
            report_save(by=world.user("secretariat"), report=report, data=ReportInput(**PARTS))
            registry._REGISTRY.clear()
            first = report_submit(by=world.user("secretariat"), report=report)
            report_return(by=world.user("national_officer"), report=report, reason="请补充。")
            registry._REGISTRY.update(saved)
            registry._REGISTRY.setdefault(MEMBERS.code, MEMBERS)
            second = report_submit(by=world.user("secretariat"), report=report)
    finally:
        registry._REGISTRY.clear()
        registry._REGISTRY.update(saved)
    return {
        "reports_reportstatuschange": ReportStatusChange.objects.filter(report=report).last(),
        "reports_reportsubmission": first,
        "reports_reportindicator": ReportIndicator.objects.filter(submission=second, code=MEMBERS.code).get(),
    }
