"""The platforms pages: list (filters, search, pages, Excel), register, the platform page with its
calendar and booking form, a booking (confirm, decline, usage), cancel and suspend confirmed first,
statistics with Excel; the personas that may and may not; query counts pinned with rows grown."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.test import Client

from itisa.platforms.models import Booking, Platform, UsageRecord
from itisa.platforms.services import booking_confirm, platform_register
from itisa.platforms.tests.conftest import Plat, at, book, counts, platform_input

BASE = "/en/alliances/CSA/platforms/"


def client_for(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 403), ("provincial_officer", 403), ("member_contact", 200),
     ("secretariat", 200), ("national_officer", 200), ("expert", 200)],
)  # fmt: skip
def test_list_who_sees(plat: Plat, persona: str, status: int) -> None:
    response = client_for(plat.world.user(persona)).get(BASE)
    assert response.status_code == status
    if status == 200:
        assert "P0001" in response.content.decode()


def test_list_filters_search_and_excel(plat: Plat) -> None:
    platform_register(
        by=plat.secretariat,
        alliance=plat.world.csa,
        data=platform_input(plat.world, kind="pilot", name_zh="外延中试线", province="32", unit="day"),
    )
    c = client_for(plat.secretariat)
    assert c.get(BASE + "?kind=pilot").content.decode().count('data-testid="platform-row"') == 1
    assert c.get(BASE + "?province=44").content.decode().count('data-testid="platform-row"') == 1
    assert c.get(BASE + "?q=中试").content.decode().count('data-testid="platform-row"') == 1
    assert c.get(BASE + "?status=retired").content.decode().count('data-testid="platform-row"') == 0
    response = c.get(BASE + "?kind=pilot&format=xlsx")
    from openpyxl import load_workbook  # noqa: PLC0415 (reading the download back)

    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Kind", "Name")
    assert rows[1][:3] == ("P0002", "Pilot line", "外延中试线") and len(rows) == 2


def test_list_query_count_does_not_grow(plat: Plat, django_assert_max_num_queries: Any) -> None:
    c = client_for(plat.world.user("member_contact"))
    c.get(BASE)
    with django_assert_max_num_queries(14) as small:
        c.get(BASE)
    for _i in range(12):
        platform_register(by=plat.secretariat, alliance=plat.world.csa, data=platform_input(plat.world))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = c.get(BASE)
    assert response.content.decode().count('data-testid="platform-row"') == 13


def test_register_through_the_form(plat: Plat) -> None:
    c = client_for(plat.secretariat)
    assert c.get(BASE + "new/").status_code == 200
    response = c.post(BASE + "new/", {
        "kind": "testing", "name_zh": "检测中心", "host": plat.world.member_b.pk, "province": "11", "unit": "sample",
        "open_to_members": "on", "member_rate": "80.00", "outside_rate": "",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == BASE + "P0002/"
    p = Platform.objects.get(code="P0002")
    assert (p.unit, p.member_rate, p.outside_rate, p.host_id) == (
        "sample",
        Decimal("80.00"),
        None,
        plat.world.member_b.pk,
    )
    assert client_for(plat.world.user("member_contact")).get(BASE + "new/").status_code == 403


def test_book_through_the_platform_page(plat: Plat) -> None:
    c = client_for(plat.booker)
    page = c.get(BASE + "P0001/").content.decode()
    assert 'data-testid="booking-form"' in page
    response = c.post(
        BASE + "P0001/",
        {
            "organisation": plat.world.member_b.pk,
            "purpose": "形貌表征",
            "starts_at": "2026-03-10T09:00",
            "ends_at": "2026-03-10T11:30",
        },
    )
    assert response.status_code == 302 and response["Location"] == BASE + "P0001/bookings/1/"
    b = Booking.objects.get()
    assert (b.starts_at, b.ends_at, b.hours, b.organisation_id) == (
        at(10, 9),
        at(10, 11, 30),
        Decimal("2.50"),
        plat.world.member_b.pk,
    )
    page = c.get(BASE + "P0001/").content.decode()
    assert page.count('data-testid="upcoming-booking"') == 1 and "10 Mar 2026 11:30" in page


def test_overlap_refused_on_the_form_and_nothing_written(plat: Plat) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    before = counts()
    response = client_for(plat.booker).post(BASE + "P0001/", {
        "organisation": plat.world.member_b.pk, "purpose": "x", "starts_at": "2026-03-10T11:00",
        "ends_at": "2026-03-10T13:00"})  # fmt: skip
    assert response.status_code == 200
    assert (
        "The platform is already booked from 10 Mar 2026 09:00 to 10 Mar 2026 12:00 (booking #1)."
        in response.content.decode()
    )
    assert counts() == before


def test_member_without_a_role_cannot_post_a_booking(plat: Plat) -> None:
    before = counts()
    response = client_for(plat.world.user("council_member")).post(BASE + "P0001/", {"purpose": "x"})
    assert response.status_code == 403
    assert counts() == before


def test_host_confirms_then_records_usage(plat: Plat, clock: Any) -> None:
    b = book(plat, at(10, 9), at(10, 12))
    url = BASE + "P0001/bookings/1/"
    host = client_for(plat.host)
    assert 'data-testid="decision-form"' in host.get(url).content.decode()
    assert 'data-testid="decision-form"' not in client_for(plat.booker).get(url).content.decode()
    assert host.post(url, {"decision": "confirm", "note": ""}).status_code == 302
    b.refresh_from_db()
    assert (b.status, b.fee) == ("confirmed", Decimal("600.00"))
    assert 'data-testid="usage-form"' not in host.get(url).content.decode()
    clock.move_to(at(10, 12))
    host = client_for(plat.host)  # a new session: the old one expired while the clock moved
    assert 'data-testid="usage-form"' in host.get(url).content.decode()
    assert host.post(url, {"units_used": "2.75", "samples": "3", "outcome": "完成"}).status_code == 302
    assert UsageRecord.objects.get().fee_due == Decimal("550.00")
    assert client_for(plat.booker).post(url, {"units_used": "1"}).status_code == 403


def test_decline_needs_a_note(plat: Plat) -> None:
    book(plat, at(10, 9), at(10, 12))
    response = client_for(plat.host).post(BASE + "P0001/bookings/1/", {"decision": "decline", "note": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Booking.objects.get().status == "requested"


def test_cancel_is_confirmed_first(plat: Plat) -> None:
    book(plat, at(10, 9), at(10, 12))
    c = client_for(plat.booker)
    url = BASE + "P0001/bookings/1/cancel/"
    response = c.post(url, {"note": "样品未到"})
    assert response.status_code == 200 and 'data-testid="confirmation"' in response.content.decode()
    assert Booking.objects.get().status == "requested"
    assert c.post(url, {"note": "样品未到", "confirmed": "1"}).status_code == 302
    assert Booking.objects.get().status == "cancelled"
    assert client_for(plat.world.user("council_member")).post(url, {"confirmed": "1"}).status_code == 403


def test_suspend_is_confirmed_first_and_only_by_the_secretariat(plat: Plat) -> None:
    url = BASE + "P0001/status/suspended/"
    assert client_for(plat.host).get(url).status_code == 403
    c = client_for(plat.secretariat)
    assert 'data-testid="suspend"' in c.get(BASE + "P0001/").content.decode()
    assert c.post(url, {"note": "检修"}).status_code == 200
    assert c.post(url, {"note": "检修", "confirmed": "1"}).status_code == 302
    assert Platform.objects.get().status == "suspended"


def test_platform_page_query_count_does_not_grow(
    plat: Plat, clock: Any, django_assert_max_num_queries: Any
) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(9, 9), at(9, 10)))
    c = client_for(plat.host)
    c.get(BASE + "P0001/")
    with django_assert_max_num_queries(30) as small:
        c.get(BASE + "P0001/")
    for day in range(10, 19):
        booking_confirm(by=plat.host, booking=book(plat, at(day, 9), at(day, 10)))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = c.get(BASE + "P0001/")
    assert response.content.decode().count('data-testid="upcoming-booking"') == 10


def test_statistics_page_and_excel(plat: Plat, clock: Any, django_assert_max_num_queries: Any) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    c = client_for(plat.world.user("member_contact"))
    with django_assert_max_num_queries(12):
        page = c.get(BASE + "statistics/?year=2026").content.decode()
    assert page.count('data-testid="statistics-row"') == 1 and page.count('data-testid="bar"') == 1
    response = c.get(BASE + "statistics/?year=2026&format=xlsx")
    from openpyxl import load_workbook  # noqa: PLC0415

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("Year", 2026)
    assert rows[3][:6] == ("P0001", "场发射扫描电子显微镜", "Hour", 1, 1, 3)
    assert client_for(plat.world.user("outsider")).get(BASE + "statistics/").status_code == 403


def test_alliance_page_shows_the_panel(plat: Plat) -> None:
    page = client_for(plat.booker).get("/en/alliances/CSA/").content.decode()
    assert 'data-testid="platforms-panel"' in page
    assert (
        'data-testid="platforms-panel"'
        not in client_for(plat.world.user("outsider")).get("/en/alliances/CSA/").content.decode()
    )


def test_chinese_is_the_default(plat: Plat) -> None:
    page = client_for(plat.booker).get("/alliances/CSA/platforms/").content.decode()
    assert "共享平台" in page


def test_booking_page_query_count_does_not_grow(
    plat: Plat, clock: Any, django_assert_max_num_queries: Any
) -> None:
    from itisa.platforms.services import UsageInput, usage_record

    b = booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    clock.move_to(at(10, 13))
    usage_record(by=plat.host, booking=b, data=UsageInput(units_used="3"))
    c = client_for(plat.host)
    url = BASE + "P0001/bookings/1/"
    c.get(url)
    with django_assert_max_num_queries(30) as small:
        c.get(url)
    for i in range(6):
        usage_record(by=plat.host, booking=b, data=UsageInput(units_used=str(i), reason="更正"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = c.get(url).content.decode()
    assert page.count('data-testid="usage-record"') == 7
    assert "Requested → Confirmed" in page


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("outsider", 403), ("member_contact", 200)]
)
def test_platform_and_booking_pages_who_sees(plat: Plat, persona: str, status: int) -> None:
    book(plat, at(10, 9), at(10, 12))
    c = client_for(plat.world.user(persona))
    assert c.get(BASE + "P0001/").status_code == status
    assert c.get(BASE + "P0001/bookings/1/").status_code == status
    assert c.get(BASE + "P0009/").status_code == (404 if status == 200 else status)
