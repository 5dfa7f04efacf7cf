"""``usage_statistics``: per platform and year, in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from itisa.platforms.selectors import usage_statistics
from itisa.platforms.services import UsageInput, booking_confirm, usage_record
from itisa.platforms.tests.conftest import Plat, at, book
from tests.factories import MembershipFactory, OrganisationFactory


def _used(plat: Plat, booking: Any, units: str, **kw: Any) -> None:
    usage_record(by=plat.host, booking=booking, data=UsageInput(units_used=units, **kw))


def test_statistics_of_a_year(plat: Plat, clock: Any, django_assert_num_queries: Any) -> None:
    member = booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))  # 3 h, member
    outside = booking_confirm(
        by=plat.host,
        booking=book(plat, at(11, 9), at(11, 10), by=plat.host, organisation=None, party_name="外部公司"),
    )  # 1 h at 350
    book(plat, at(12, 9), at(12, 10))  # requested only
    again = booking_confirm(by=plat.host, booking=book(plat, at(13, 9), at(13, 11)))  # 2 h, same member
    clock.move_to(at(14, 9))
    _used(plat, member, "2.5")
    _used(plat, member, "3", reason="补录")  # the correction is in force
    _used(plat, outside, "1")
    with django_assert_num_queries(3):
        stats = usage_statistics(plat.world.csa, 2026)
    (s,) = stats
    assert s.document() == {
        "platform": "P0001", "name_zh": "场发射扫描电子显微镜", "kind": "equipment", "unit": "hour",
        "bookings": 4, "confirmed": 3, "hours": "6.00", "units_used": "4.00", "fees_due": "950.00",
        "member_users": 1, "member_units": "3.00", "outside_units": "1.00", "member_share": "75.0",
    }  # fmt: skip
    assert again.fee == Decimal("400.00")
    assert usage_statistics(plat.world.csa, 2025)[0].document()["bookings"] == 0
    assert usage_statistics(plat.world.csa, 2025)[0].member_share is None


def test_statistics_queries_do_not_grow(plat: Plat, clock: Any, django_assert_num_queries: Any) -> None:
    from itisa.platforms.services import BookingInput, booking_request, platform_register
    from itisa.platforms.tests.conftest import platform_input

    for _i in range(4):
        org = OrganisationFactory()
        MembershipFactory(alliance=plat.world.csa, organisation=org)
        p = platform_register(by=plat.secretariat, alliance=plat.world.csa, data=platform_input(plat.world))
        for day in (15, 16):
            b = booking_request(
                by=plat.secretariat,
                platform=p,
                data=BookingInput(
                    organisation=org.pk, purpose="测试", starts_at=at(day, 9), ends_at=at(day, 10)
                ),
            )
            booking_confirm(by=plat.secretariat, booking=b)
    with django_assert_num_queries(3):
        stats = usage_statistics(plat.world.csa, 2026)
    assert [s.platform.code for s in stats] == ["P0001", "P0002", "P0003", "P0004", "P0005"]
    assert [(s.bookings, s.confirmed, s.member_users, s.hours) for s in stats] == [
        (0, 0, 0, Decimal("0.00"))
    ] + [(2, 2, 1, Decimal("2.00"))] * 4
