"""The demo's shared platforms for CSA: a major MOCVD epitaxy system hosted by the chair unit (counted in
hours; members 800.00 CNY/h, outside users 1,200.00) and an LED photometric and colorimetric test
platform hosted by another member (counted in samples; 150.00 and 260.00). Bookings relative to
``today``: a past one on each with its usage recorded, an upcoming confirmed one and a requested one;
every write through the services (the secretariat books for the members and acts for the hosts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.membership.models import Membership
from itisa.platforms.models import Platform
from itisa.platforms.services import (
    BookingInput,
    PlatformInput,
    UsageInput,
    booking_confirm,
    booking_request,
    platform_register,
    usage_record,
)
from itisa.registry.models import Alliance


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


@transaction.atomic
def load_demo_platforms(
    *, alliance: Alliance, secretariat: Any, today: dt.date | None = None
) -> list[Platform]:
    """Once (nothing when a demo platform exists, or with fewer than two active members)."""
    if Platform.objects.filter(alliance=alliance, is_demo=True).exists():
        return []
    members = list(
        Membership.objects.active()
        .filter(alliance=alliance)
        .select_related("organisation")
        .order_by("joined_on", "pk")
    )
    chair = next((m for m in members if m.rank == "chair"), members[0] if members else None)
    others = [m for m in members if m is not chair]
    if chair is None or not others:
        return []
    host, user = chair.organisation, others[0].organisation
    today = today or timezone.localdate()
    mocvd = platform_register(by=secretariat, alliance=alliance, is_demo=True, data=PlatformInput(
        kind="equipment", name_zh="大型 MOCVD 外延生长系统", name_en="MOCVD epitaxy system", host=host.pk,
        province=host.province or "11", location="外延实验楼 2 层", description="6×2 英寸 GaN 外延，预约需提前一周。",
        unit="hour", member_rate="800.00", outside_rate="1200.00"))  # fmt: skip
    lab = platform_register(by=secretariat, alliance=alliance, is_demo=True, data=PlatformInput(
        kind="testing", name_zh="LED 光色电综合检测平台", name_en="LED photometric and colorimetric testing",
        host=user.pk, province=user.province or "11", location="检测中心", description="积分球、分布光度计。",
        unit="sample", member_rate="150.00", outside_rate="260.00"))  # fmt: skip
    past, soon, later = (
        today - dt.timedelta(days=14),
        today + dt.timedelta(days=3),
        today + dt.timedelta(days=7),
    )
    asked = _moment(past - dt.timedelta(days=7), 10)

    def booking(platform: Platform, org: Any, day: dt.date, start: int, end: int, purpose: str, samples: int = 0,
                *, at: dt.datetime | None = None) -> Any:  # fmt: skip
        return booking_request(by=secretariat, platform=platform, now=at, data=BookingInput(
            organisation=org.pk, purpose=purpose, starts_at=_moment(day, start), ends_at=_moment(day, end),
            samples=samples))  # fmt: skip

    done = booking(mocvd, user, past, 9, 13, "蓝光 LED 外延片试制", at=asked)
    booking_confirm(by=secretariat, booking=done, now=asked)
    usage_record(by=secretariat, booking=done, now=_moment(past, 14),
                 data=UsageInput(units_used="4.00", outcome="完成 2 炉外延生长"))  # fmt: skip
    tested = booking(lab, host, past, 9, 17, "灯珠光效检测", samples=12, at=asked)
    booking_confirm(by=secretariat, booking=tested, now=asked)
    usage_record(by=secretariat, booking=tested, now=_moment(past, 18),
                 data=UsageInput(units_used="12", samples=12, outcome="出具检测报告 12 份"))  # fmt: skip
    booking_confirm(by=secretariat, booking=booking(mocvd, user, soon, 9, 17, "外延工艺验证"))
    booking(lab, host, later, 9, 12, "色温一致性测试", samples=6)
    return [mocvd, lab]
