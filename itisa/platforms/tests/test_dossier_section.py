"""Dossier 1.6: the ``platforms`` section — exact export, valid, a second import changes nothing, a
newer dossier adds its booking and usage, a conflicting platform is refused with nothing written, and the
cross-checks name their paths."""

from __future__ import annotations

import copy
from typing import Any

from itisa.dossier.services import dossier_export, dossier_import, dossier_validate
from itisa.platforms.models import Booking, UsageRecord
from itisa.platforms.services import UsageInput, booking_confirm, usage_record
from itisa.platforms.tests.conftest import Plat, at, book, counts


def _built(plat: Plat, clock: Any) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)), note="好")
    clock.move_to(at(10, 13))
    usage_record(
        by=plat.host, booking=Booking.objects.get(), data=UsageInput(units_used="2.50", outcome="完成")
    )


def test_export_is_exact_and_valid(plat: Plat, clock: Any) -> None:
    _built(plat, clock)
    data = dossier_export(plat.world.csa)
    assert dossier_validate(data) == []
    (p,) = data["platforms"]
    assert {k: p[k] for k in ("code", "kind", "host", "unit", "member_rate", "outside_rate", "status", "by")} == {
        "code": "P0001", "kind": "equipment", "host": "914403001922038216", "unit": "hour",
        "member_rate": "200.00", "outside_rate": "350.00", "status": "active", "by": "secretariat",
    }  # fmt: skip
    assert p["status_history"] == [
        {
            "at": "2026-03-02T01:00:00Z",
            "old_status": None,
            "new_status": "active",
            "by": "secretariat",
            "comment": "",
        }
    ]
    (b,) = p["bookings"]
    assert {k: b[k] for k in ("seq", "organisation", "starts_at", "ends_at", "hours", "status", "rate", "fee")} == {
        "seq": 1, "organisation": "12100000400000624D", "starts_at": "2026-03-10T01:00:00Z",
        "ends_at": "2026-03-10T04:00:00Z", "hours": "3.00", "status": "confirmed", "rate": "200.00", "fee": "600.00",
    }  # fmt: skip
    assert [h["new_status"] for h in b["status_history"]] == ["requested", "confirmed"]
    assert b["usage"] == [{"seq": 1, "units_used": "2.50", "samples": 0, "outcome": "完成", "rate": "200.00",
                           "fee_due": "500.00", "supersedes": None, "reason": "", "by": "host_contact",
                           "at": "2026-03-10T05:00:00Z"}]  # fmt: skip
    assert "914403001922038216" in {o["uscc"] for o in data["organisations"]}


def test_a_second_import_changes_nothing(plat: Plat, clock: Any) -> None:
    _built(plat, clock)
    data = dossier_export(plat.world.csa)
    before = counts()
    result = dossier_import(data)
    assert result.problems == []
    assert {k: result.unchanged[k] for k in ("platform", "platform_booking", "platform_usage")} == {
        "platform": 1,
        "platform_booking": 1,
        "platform_usage": 1,
    }
    assert {k: result.created[k] for k in ("platform", "platform_booking", "platform_usage")} == {
        "platform": 0,
        "platform_booking": 0,
        "platform_usage": 0,
    }
    assert counts()["bookings"] == before["bookings"] and counts()["usage"] == before["usage"]


def test_a_newer_dossier_adds_a_booking_and_its_usage(plat: Plat, clock: Any) -> None:
    _built(plat, clock)
    data = dossier_export(plat.world.csa)
    extra = copy.deepcopy(data["platforms"][0]["bookings"][0])
    extra.update(seq=2, starts_at="2026-03-11T01:00:00Z", ends_at="2026-03-11T02:00:00Z", hours="1.00",
                 units="1.00", fee="200.00")  # fmt: skip
    extra["usage"] = [{**extra["usage"][0], "units_used": "1.00", "fee_due": "200.00"}]
    data["platforms"][0]["bookings"].append(extra)
    assert dossier_validate(data) == []
    result = dossier_import(data)
    assert result.problems == []
    assert {k: result.created[k] for k in ("platform_booking", "platform_usage")} == {
        "platform_booking": 1,
        "platform_usage": 1,
    }
    assert Booking.objects.get(seq=2).fee == UsageRecord.objects.get(booking__seq=2).fee_due


def test_a_conflicting_platform_is_refused_and_nothing_written(plat: Plat, clock: Any) -> None:
    _built(plat, clock)
    data = dossier_export(plat.world.csa)
    data["platforms"][0]["name_zh"] = "另一台设备"
    before = counts()
    assert [str(p) for p in dossier_import(data).problems] == [
        "$.platforms[0]: The platform P0001 is recorded otherwise here."
    ]
    assert counts() == before


def test_cross_checks_name_their_paths(plat: Plat, clock: Any) -> None:
    _built(plat, clock)
    data = dossier_export(plat.world.csa)
    data["platforms"].append(copy.deepcopy(data["platforms"][0]))
    data["platforms"][0]["bookings"][0]["usage"][0]["supersedes"] = 1
    found = [str(p) for p in dossier_validate(data) if p.path.startswith("$.platforms")]
    assert found == [
        "$.platforms[0].bookings[0].usage[0]: Usage records are numbered once each and correct an earlier one.",
        "$.platforms[1].code: The platform P0001 appears twice.",
    ]
