"""The demo's training and exchanges for CSA: a joint postgraduate programme of its two first members
(2025–2026, 12 planned, 11 took part), a training course under way, and two staff exchanges (one ended
with its outcome, one running)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from itisa.membership.models import Membership
from itisa.registry.models import Alliance
from itisa.talent.choices import ProgrammeKind
from itisa.talent.models import Exchange, Programme
from itisa.talent.services import (
    ExchangeInput,
    OutcomeInput,
    ProgrammeInput,
    ProgrammeOutcomeInput,
    exchange_conclude,
    exchange_create,
    programme_conclude,
    programme_create,
)


@transaction.atomic
def load_demo_talent(*, alliance: Alliance, secretariat: Any) -> Programme | None:
    """Once (nothing when a demo programme exists, or with fewer than two active members)."""
    if Programme.objects.filter(alliance=alliance, is_demo=True).exists():
        return None
    members = list(
        Membership.objects.active().filter(alliance=alliance).order_by("joined_on", "pk")
        .values_list("organisation_id", flat=True)[:2]
    )  # fmt: skip
    if len(members) < 2:
        return None
    a, b = members
    first = programme_create(by=secretariat, alliance=alliance, is_demo=True, data=ProgrammeInput(
        kind=ProgrammeKind.POSTGRADUATE, title_zh="半导体照明联合培养研究生项目（2025级）",
        title_en="Joint postgraduate training in solid-state lighting (2025 intake)", organisers=[a, b],
        starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30), planned_participants=12))  # fmt: skip
    first = programme_conclude(by=secretariat, programme=first, data=ProgrammeOutcomeInput(
        actual_participants=11, outcome_zh="11 名研究生完成联合培养，发表论文 6 篇，申请发明专利 2 项。"))  # fmt: skip
    programme_create(by=secretariat, alliance=alliance, is_demo=True, data=ProgrammeInput(
        kind=ProgrammeKind.COURSE, title_zh="LED 驱动电源可靠性培训班", organisers=[a],
        starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2027, 1, 31), planned_participants=40))  # fmt: skip
    done: Exchange = exchange_create(by=secretariat, alliance=alliance, is_demo=True, data=ExchangeInput(
        person_name="王五", from_org=a, to_org=b, role_zh="访问工程师", starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 8, 31), purpose_zh="联合开发大功率 LED 外延工艺"))  # fmt: skip
    exchange_conclude(by=secretariat, exchange=done, data=OutcomeInput(
        outcome_zh="完成外延工艺中试，良率提升 8%。"))  # fmt: skip
    exchange_create(by=secretariat, alliance=alliance, is_demo=True, data=ExchangeInput(
        person_name="赵六", from_org=b, to_org=a, role_zh="博士后研究人员", starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 8, 31), purpose_zh="在企业开展器件可靠性研究"))  # fmt: skip
    return first
