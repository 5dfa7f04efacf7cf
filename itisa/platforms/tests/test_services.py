"""Registering platforms, booking them (the overlap refused under the platform's lock), confirming with
the fee frozen, cancelling before the start, and the write-once usage records with their corrections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.platforms.models import Booking, UsageRecord
from itisa.platforms.services import (
    BookingInput,
    UsageInput,
    booking_cancel,
    booking_confirm,
    booking_decline,
    booking_request,
    platform_move,
    platform_register,
    usage_record,
)
from itisa.platforms.tests.conftest import Plat, at, book, counts, platform_input


def test_register_numbers_per_alliance_and_writes_history(plat: Plat) -> None:
    p = plat.platform
    assert (p.code, p.status, p.member_rate, p.outside_rate, p.host_id) == (
        "P0001",
        "active",
        Decimal("200.00"),
        Decimal("350.00"),
        plat.world.member_a.pk,
    )
    second = platform_register(
        by=plat.secretariat,
        alliance=plat.world.csa,
        data=platform_input(plat.world, name_zh="中试线", kind="pilot", unit="day", outside_rate=None),
    )
    assert second.code == "P0002" and second.outside_rate is None
    assert [(h.old_status, h.new_status, h.by) for h in p.status_changes.all()] == [
        ("", "active", plat.secretariat)
    ]
    entry = AuditEntry.objects.filter(action="platforms.platform.registered").order_by("pk").first()
    assert entry is not None and entry.data["code"] == "P0001" and entry.data["host"] == "914403001922038216"


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"host": None}, {"host"}),
        ({"kind": "spaceship"}, {"kind"}),
        ({"province": "99"}, {"province"}),
        ({"unit": "week"}, {"unit"}),
        ({"member_rate": "-1"}, {"member_rate"}),
        ({"member_rate": "1e3"}, {"member_rate"}),
        ({"outside_rate": "100.00"}, {"outside_rate"}),
        ({"name_zh": "\u200b"}, {"name_zh"}),
    ],
)
def test_register_refusals(world: Any, clock: Any, overrides: dict[str, Any], fields: set[str]) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        platform_register(
            by=world.user("secretariat"), alliance=world.csa, data=platform_input(world, **overrides)
        )
    assert set(exc.value.fields) == fields
    assert counts() == before


def test_register_host_must_be_an_active_member(world: Any, clock: Any) -> None:
    with pytest.raises(DomainError) as exc:
        platform_register(
            by=world.user("secretariat"), alliance=world.csa, data=platform_input(world, host=world.sd_org.pk)
        )
    assert exc.value.fields == {"host": ["Choose an active member of the alliance as host."]}


@pytest.mark.parametrize("persona", ["member_contact", "council_member", "outsider", "provincial_officer"])
def test_only_the_secretariat_registers(world: Any, clock: Any, persona: str) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as exc:
        platform_register(by=world.user(persona), alliance=world.csa, data=platform_input(world))
    assert exc.value.message == "Only the alliance's secretariat keeps its shared platforms."
    assert counts() == before


def test_request_counts_hours_and_member_rate(plat: Plat) -> None:
    b = book(plat, at(10, 9), at(10, 12, 30))
    assert (b.seq, b.status, b.member, b.party_name, b.hours, b.units, b.rate, b.fee) == (
        1,
        "requested",
        True,
        "乙大学",
        Decimal("3.50"),
        Decimal("3.50"),
        None,
        None,
    )


def test_request_for_another_member_is_refused(plat: Plat) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as exc:
        book(plat, at(10, 9), at(10, 12), organisation=plat.world.member_a.pk)
    assert exc.value.message == (
        "Only the member's contact or legal representative, or the secretariat, books for it."
    )
    assert counts() == before


def test_outside_party_is_entered_by_host_and_pays_outside_rate(plat: Plat) -> None:
    b = book(plat, at(10, 9), at(10, 11), by=plat.host, organisation=None, party_name="深圳外部检测公司")
    assert (b.member, b.organisation, b.party_name) == (False, None, "深圳外部检测公司")
    confirmed = booking_confirm(by=plat.host, booking=b)
    assert (confirmed.rate, confirmed.fee) == (Decimal("350.00"), Decimal("700.00"))
    with pytest.raises(PermissionDenied):
        book(plat, at(11, 9), at(11, 11), organisation=None, party_name="另一家公司")


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (at(10, 12), at(10, 9), "ends_at", "The booking ends after it starts."),
        (at(1, 9), at(1, 10), "starts_at", "A booking starts in the future."),
        (
            at(10, 9).replace(tzinfo=None),
            at(10, 10).replace(tzinfo=None),
            "starts_at",
            "Give the time with its time zone.",
        ),
    ],
)
def test_request_window_refusals(plat: Plat, start: Any, end: Any, field: str, message: str) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        book(plat, start, end)
    assert exc.value.fields == {field: [message]}
    assert counts() == before


def test_confirm_freezes_rate_and_fee(plat: Plat) -> None:
    b = book(plat, at(10, 9), at(10, 12, 30))
    confirmed = booking_confirm(by=plat.host, booking=b, note="按时到场")
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.rate, confirmed.fee) == (
        "confirmed",
        Decimal("200.00"),
        Decimal("700.00"),
    )
    entry = AuditEntry.objects.filter(action="platforms.booking.confirmed").get()
    assert {k: v for k, v in entry.data.items() if k != "sealed"} == {
        "from": "requested",
        "to": "confirmed",
        "comment": "按时到场",
        "rate": "200.00",
        "units": "3.50",
        "fee": "700.00",
        "rule": "art5.platform_fee",
    }
    assert [h.new_status for h in confirmed.status_changes.all()] == ["requested", "confirmed"]


def test_overlap_with_a_confirmed_booking_is_refused_and_nothing_written(plat: Plat) -> None:
    first = book(plat, at(10, 9), at(10, 12))
    second = book(plat, at(10, 11), at(10, 13))  # both requested: requests may overlap
    booking_confirm(by=plat.host, booking=first)
    before = counts()
    with pytest.raises(Conflict) as exc:
        booking_confirm(by=plat.host, booking=second)
    assert (
        exc.value.message
        == "The platform is already booked from 10 Mar 2026 09:00 to 10 Mar 2026 12:00 (booking #1)."
    )
    assert counts() == before
    assert Booking.objects.get(pk=second.pk).status == "requested"
    with pytest.raises(Conflict) as exc:
        book(plat, at(10, 8), at(10, 9, 1))
    assert (
        exc.value.message
        == "The platform is already booked from 10 Mar 2026 09:00 to 10 Mar 2026 12:00 (booking #1)."
    )
    assert counts() == before


def test_back_to_back_bookings_do_not_overlap(plat: Plat) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    after = booking_confirm(by=plat.host, booking=book(plat, at(10, 12), at(10, 14)))
    assert after.status == "confirmed"


@pytest.mark.parametrize("persona", ["member_contact", "council_member", "national_officer"])
def test_only_host_or_keeper_confirms(plat: Plat, persona: str) -> None:
    b = book(plat, at(10, 9), at(10, 12))
    before = counts()
    user = plat.world.user(persona)
    if persona == "national_officer":  # the national office corrects records, as the secretariat
        assert booking_confirm(by=user, booking=b).status == "confirmed"
        return
    with pytest.raises(PermissionDenied) as exc:
        booking_confirm(by=user, booking=b)
    assert (
        exc.value.message
        == "Only the host member's contact or legal representative, or the secretariat, confirms."
    )
    assert counts() == before


def test_decline_needs_a_reason_and_ends_the_booking(plat: Plat) -> None:
    b = book(plat, at(10, 9), at(10, 12))
    with pytest.raises(DomainError) as exc:
        booking_decline(by=plat.host, booking=b, note="")
    assert exc.value.fields == {"note": ["This field is required."]}
    declined = booking_decline(by=plat.host, booking=b, note="设备维护")
    assert declined.status == "declined"
    with pytest.raises(InvalidTransition):
        booking_confirm(by=plat.host, booking=declined)


def test_cancel_before_the_start_only(plat: Plat, clock: Any) -> None:
    b = booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    with pytest.raises(PermissionDenied):
        booking_cancel(by=plat.world.user("council_member"), booking=b)
    clock.move_to(at(10, 9))
    before = counts()
    with pytest.raises(Conflict) as exc:
        booking_cancel(by=plat.booker, booking=b)
    assert exc.value.message == "The booking has started; it can no longer be cancelled."
    assert counts() == before
    clock.move_to(at(10, 8, 59))
    assert booking_cancel(by=plat.booker, booking=b, note="样品未到").status == "cancelled"


def test_suspended_platform_takes_no_bookings(plat: Plat) -> None:
    b = book(plat, at(10, 9), at(10, 12))
    platform_move(by=plat.secretariat, platform=plat.platform, target="suspended", comment="检修")
    with pytest.raises(Conflict) as exc:
        booking_confirm(by=plat.host, booking=b)
    assert exc.value.message == "The platform is Suspended: it takes no bookings."
    with pytest.raises(PermissionDenied):
        platform_move(by=plat.host, platform=plat.platform, target="active")
    platform_move(by=plat.secretariat, platform=plat.platform, target="retired")
    with pytest.raises(InvalidTransition):
        platform_move(by=plat.secretariat, platform=plat.platform, target="active")


def test_usage_after_the_end_with_fee_and_correction(plat: Plat, clock: Any) -> None:
    b = booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12, 30)))
    clock.move_to(at(10, 12, 29))
    before = counts()
    with pytest.raises(Conflict) as exc:
        usage_record(by=plat.host, booking=b, data=UsageInput(units_used="3.5"))
    assert exc.value.message == "Usage is recorded after the booking ends (10 Mar 2026 12:30)."
    assert counts() == before
    clock.move_to(at(10, 12, 30))
    with pytest.raises(PermissionDenied):
        usage_record(by=plat.booker, booking=b, data=UsageInput(units_used="3.5"))
    first = usage_record(
        by=plat.host, booking=b, data=UsageInput(units_used="3.25", samples=4, outcome="完成")
    )
    assert (first.seq, first.rate, first.fee_due, first.supersedes) == (
        1,
        Decimal("200.00"),
        Decimal("650.00"),
        None,
    )
    with pytest.raises(DomainError) as exc:
        usage_record(by=plat.host, booking=b, data=UsageInput(units_used="3.5"))
    assert exc.value.fields == {"reason": ["Usage is already recorded; say why this record corrects it."]}
    second = usage_record(by=plat.host, booking=b, data=UsageInput(units_used="3.5", reason="计时有误"))
    assert (second.seq, second.fee_due, second.supersedes_id) == (2, Decimal("700.00"), first.pk)
    entry = AuditEntry.objects.filter(action="platforms.usage.recorded").order_by("-pk").first()
    assert entry is not None and entry.data["supersedes"] == 1 and entry.data["fee_due"] == "700.00"


def test_usage_records_are_write_once(plat: Plat, clock: Any) -> None:
    b = booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    clock.move_to(at(10, 13))
    row = usage_record(by=plat.host, booking=b, data=UsageInput(units_used="3"))
    with pytest.raises(IntegrityError), transaction.atomic():
        UsageRecord.objects.filter(pk=row.pk).update(units_used=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        UsageRecord.objects.filter(pk=row.pk).delete()


def test_usage_of_an_unconfirmed_booking_is_refused(plat: Plat, clock: Any) -> None:
    b = book(plat, at(10, 9), at(10, 12))
    clock.move_to(at(10, 13))
    with pytest.raises(Conflict) as exc:
        usage_record(by=plat.host, booking=b, data=UsageInput(units_used="3"))
    assert exc.value.message == "Usage is recorded for confirmed bookings only."


def test_samples_platform_counts_samples(plat: Plat) -> None:
    lab = platform_register(
        by=plat.secretariat,
        alliance=plat.world.csa,
        data=platform_input(plat.world, kind="testing", unit="sample", member_rate="85.50"),
    )
    with pytest.raises(DomainError) as exc:
        booking_request(
            by=plat.booker,
            platform=lab,
            data=BookingInput(
                organisation=plat.world.member_b.pk, purpose="检测", starts_at=at(10, 9), ends_at=at(10, 17)
            ),
        )
    assert exc.value.fields == {"samples": ["Say how many samples (at least one)."]}
    b = booking_request(
        by=plat.booker,
        platform=lab,
        data=BookingInput(
            organisation=plat.world.member_b.pk,
            purpose="检测",
            starts_at=at(10, 9),
            ends_at=at(10, 17),
            samples=3,
        ),
    )
    assert booking_confirm(by=plat.host, booking=b).fee == Decimal("256.50")
