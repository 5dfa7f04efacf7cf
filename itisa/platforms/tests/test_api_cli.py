"""The platforms through the API (end to end, refusals in the one error shape) and the command line."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.platforms.services import booking_confirm
from itisa.platforms.tests.conftest import Plat, at, book, counts

API = "/api/alliances/CSA/platforms"


def _post(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(
        url, json.dumps(data or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_api_from_booking_to_usage(plat: Plat, client: Any, clock: Any) -> None:
    client.force_login(plat.booker)
    body = {"organisation": plat.world.member_b.pk, "purpose": "形貌表征",
            "starts_at": "2026-03-10T09:00:00+08:00", "ends_at": "2026-03-10T12:30:00+08:00"}  # fmt: skip
    r = _post(client, f"{API}/P0001/bookings", body)
    assert r.status_code == 201, r.content
    assert {k: r.json()[k] for k in ("seq", "status", "hours", "units", "rate", "fee", "user", "starts_at")} == {
        "seq": 1, "status": "requested", "hours": "3.50", "units": "3.50", "rate": None, "fee": None,
        "user": "乙大学", "starts_at": "2026-03-10T09:00:00+08:00",
    }  # fmt: skip
    r = _post(client, f"{API}/P0001/bookings/1/confirm")
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    client.force_login(plat.host)
    r = _post(client, f"{API}/P0001/bookings/1/confirm", {"note": "好"})
    assert (r.status_code, r.json()["status"], r.json()["rate"], r.json()["fee"]) == (
        200,
        "confirmed",
        "200.00",
        "700.00",
    )
    client.force_login(plat.booker)
    before = counts()
    r = _post(client, f"{API}/P0001/bookings", {**body, "starts_at": "2026-03-10T12:00:00+08:00",
                                                "ends_at": "2026-03-10T13:00:00+08:00"})  # fmt: skip
    assert (r.status_code, r.json()["message"]) == (
        409,
        "The platform is already booked from 10 Mar 2026 09:00 to 10 Mar 2026 12:30 (booking #1).",
    )
    assert counts() == before
    client.force_login(plat.host)
    r = _post(client, f"{API}/P0001/bookings/1/usage", {"units_used": "3.25"})
    assert (r.status_code, r.json()["message"]) == (
        409,
        "Usage is recorded after the booking ends (10 Mar 2026 12:30).",
    )
    clock.move_to(at(10, 13))
    client.force_login(plat.host)
    r = _post(client, f"{API}/P0001/bookings/1/usage", {"units_used": 3.25})
    assert r.status_code == 422  # units are a string, never a float
    r = _post(
        client, f"{API}/P0001/bookings/1/usage", {"units_used": "3.25", "samples": 2, "outcome": "完成"}
    )
    assert (r.status_code, r.json()["usage"]) == (201, {
        "seq": 1, "units_used": "3.25", "samples": 2, "outcome": "完成", "fee_due": "650.00", "corrections": 0})  # fmt: skip
    assert [b["seq"] for b in client.get(f"{API}/P0001/bookings").json()] == [1]
    assert client.get(f"{API}/P0001").json()["upcoming"] == []
    r = client.get("/api/alliances/CSA/platform-statistics?year=2026")
    assert (r.status_code, r.json()[0]["fees_due"], r.json()[0]["member_share"]) == (200, "650.00", "100.0")
    assert client.get(f"{API}/P0009").status_code == 404
    assert _post(client, f"{API}/P0001/bookings/9/confirm").status_code == 404


def test_decline_through_the_api(plat: Plat, client: Any) -> None:
    book(plat, at(10, 9), at(10, 12))
    client.force_login(plat.host)
    r = _post(client, f"{API}/P0001/bookings/1/decline")
    assert (r.status_code, r.json()["fields"]) == (422, {"note": ["This field is required."]})
    r = _post(client, f"{API}/P0001/bookings/1/decline", {"note": "维护"})
    assert (r.status_code, r.json()["status"]) == (200, "declined")
    assert _post(client, f"{API}/P0001/bookings/1/confirm").status_code == 409


def test_cancel_through_the_api(plat: Plat, client: Any, clock: Any) -> None:
    book(plat, at(10, 9), at(10, 12))
    client.force_login(plat.world.user("council_member"))
    assert _post(client, f"{API}/P0001/bookings/1/cancel").status_code == 403
    client.force_login(plat.booker)
    clock.move_to(at(10, 9))
    client.force_login(plat.booker)
    r = _post(client, f"{API}/P0001/bookings/1/cancel")
    assert (r.status_code, r.json()["message"]) == (
        409,
        "The booking has started; it can no longer be cancelled.",
    )
    clock.move_to(at(10, 8))
    client.force_login(plat.booker)
    r = _post(client, f"{API}/P0001/bookings/1/cancel", {"note": "样品未到"})
    assert (r.status_code, r.json()["status"]) == (200, "cancelled")


@pytest.mark.parametrize(
    ("persona", "read"),
    [("outsider", 403), ("provincial_officer", 403), ("member_contact", 200), ("national_officer", 200)],
)
def test_who_reads(plat: Plat, client: Any, persona: str, read: int) -> None:
    client.force_login(plat.world.user(persona))
    assert client.get(API).status_code == read
    assert client.get("/api/alliances/CSA/platform-statistics?year=2026").status_code == read


def test_anonymous_is_refused(plat: Plat, client: Any) -> None:
    assert client.get(API).status_code == 401
    assert _post(client, f"{API}/P0001/bookings", {}).status_code == 401


def test_the_command(plat: Plat, clock: Any) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    out = StringIO()
    call_command("platform", "list", "CSA", "--json", stdout=out)
    assert [(p["code"], p["host"], p["member_rate"]) for p in json.loads(out.getvalue())] == [
        ("P0001", "914403001922038216", "200.00")
    ]
    out = StringIO()
    call_command("platform", "show", "csa/p0001", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert [(b["seq"], b["status"], b["fee"]) for b in doc["bookings"]] == [(1, "confirmed", "600.00")]
    out = StringIO()
    call_command("platform", "stats", "CSA", "--year", "2026", "--json", stdout=out)
    stats = json.loads(out.getvalue())
    assert (stats["year"], stats["platforms"][0]["confirmed"], stats["platforms"][0]["hours"]) == (
        2026,
        1,
        "3.00",
    )
    out = StringIO()
    call_command("platform", "stats", "CSA", "--year", "2026", stdout=out)
    assert "P0001" in out.getvalue()
    out = StringIO()
    call_command("platform", "show", "CSA/P0001", stdout=out)
    assert "场发射扫描电子显微镜" in out.getvalue()
    with pytest.raises(CommandError, match="No platform CSA/P0009"):
        call_command("platform", "show", "CSA/P0009", stdout=StringIO())
    with pytest.raises(CommandError, match="No alliance"):
        call_command("platform", "list", "XXX", stdout=StringIO())
