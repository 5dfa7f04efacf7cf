"""The demo's platforms: two platforms, a past booking on each with its usage, an upcoming confirmed
booking and a requested one, relative to the day given; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from itisa.platforms.demo import load_demo_platforms
from itisa.platforms.models import Booking, Platform, UsageRecord
from itisa.platforms.selectors import usage_statistics


def test_demo_platforms(world: Any, clock: Any) -> None:
    today = dt.date(2026, 3, 2)
    made = load_demo_platforms(alliance=world.csa, secretariat=world.user("secretariat"), today=today)
    assert [(p.code, p.unit, p.host_id) for p in made] == [
        ("P0001", "hour", world.member_a.pk), ("P0002", "sample", world.member_b.pk)]  # fmt: skip
    assert [(b.platform.code, b.status, b.fee) for b in Booking.objects.order_by("starts_at", "pk")] == [
        ("P0001", "confirmed", Decimal("3200.00")), ("P0002", "confirmed", Decimal("1800.00")),
        ("P0001", "confirmed", Decimal("6400.00")), ("P0002", "requested", None),
    ]  # fmt: skip
    assert [u.fee_due for u in UsageRecord.objects.order_by("pk")] == [Decimal("3200.00"), Decimal("1800.00")]
    assert [s.document()["fees_due"] for s in usage_statistics(world.csa, 2026)] == ["3200.00", "1800.00"]
    assert load_demo_platforms(alliance=world.csa, secretariat=world.user("secretariat"), today=today) == []
    assert Platform.objects.count() == 2
