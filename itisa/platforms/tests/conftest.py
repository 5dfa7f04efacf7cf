"""The platforms tests' world: CSA with its two members; 甲公司 (member_a) hosts a major instrument
counted in hours (P0001, members 200.00 CNY/h, outside users 350.00) whose contact is ``host``
(``host_contact``); 乙大学 (member_b) books through ``member_contact``. The clock is frozen at ``NOW``
(Beijing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.platforms.models import Booking, BookingStatusChange, Platform, PlatformStatusChange, UsageRecord
from itisa.platforms.services import BookingInput, PlatformInput, booking_request, platform_register
from tests.factories import UserFactory

BEIJING = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    """A moment in March 2026, Beijing time."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def platform_input(world: Any, **overrides: Any) -> PlatformInput:
    values: dict[str, Any] = {
        "kind": "equipment", "name_zh": "场发射扫描电子显微镜", "name_en": "Field-emission SEM",
        "host": world.member_a.pk, "province": "44", "location": "深圳市南山区", "description": "分辨率 1 nm",
        "unit": "hour", "member_rate": "200.00", "outside_rate": "350.00",
    }  # fmt: skip
    values.update(overrides)
    return PlatformInput(**values)


@dataclass
class Plat:
    world: Any
    platform: Platform
    host: Any

    @property
    def secretariat(self) -> Any:
        return self.world.user("secretariat")

    @property
    def booker(self) -> Any:
        return self.world.user("member_contact")


def make_host(world: Any) -> Any:
    host = UserFactory(username="host_contact", display_name="host_contact")
    RoleAssignment.objects.create(
        user=host, role="member_contact", alliance=world.csa, organisation=world.member_a
    )
    return host


@pytest.fixture
def plat(world: Any, clock: Any) -> Plat:
    host = make_host(world)
    platform = platform_register(by=world.user("secretariat"), alliance=world.csa, data=platform_input(world))
    return Plat(world, platform, host)


def book(p: Plat, start: dt.datetime, end: dt.datetime, *, by: Any = None, **overrides: Any) -> Booking:
    values: dict[str, Any] = {
        "organisation": p.world.member_b.pk,
        "purpose": "样品形貌表征",
        "starts_at": start,
        "ends_at": end,
    }
    values.update(overrides)
    return booking_request(by=by or p.booker, platform=p.platform, data=BookingInput(**values))


def counts() -> dict[str, int]:
    """What a refused action must leave unchanged."""
    return {
        "platforms": Platform.objects.count(), "bookings": Booking.objects.count(),
        "confirmed": Booking.objects.filter(status="confirmed").count(),
        "usage": UsageRecord.objects.count(), "pstatus": PlatformStatusChange.objects.count(),
        "bstatus": BookingStatusChange.objects.count(), "audit": AuditEntry.objects.count(),
    }  # fmt: skip


def every_record(world: Any) -> dict[str, Any]:
    """One row of each sealed table, written through the services (``tests/test_sealed_records.py``)."""
    from itisa.platforms.services import UsageInput, booking_confirm, usage_record

    with time_machine.travel(NOW, tick=False) as traveller:
        p = Plat(world, platform_register(by=world.user("secretariat"), alliance=world.csa,
                                          data=platform_input(world)), make_host(world))  # fmt: skip
        booking = booking_confirm(by=p.host, booking=book(p, at(10, 9), at(10, 12)))
        traveller.move_to(at(10, 13))
        usage = usage_record(by=p.host, booking=booking, data=UsageInput(units_used="3", outcome="完成"))
    return {
        "platforms_usagerecord": usage,
        "platforms_platformstatuschange": p.platform.status_changes.get(),
        "platforms_bookingstatuschange": booking.status_changes.order_by("pk").last(),
    }
