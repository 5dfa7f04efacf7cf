"""The hosts' duties: bookings to confirm before they start (due on their first day, overdue never:
they leave the list when they start), and usage to record once a confirmed booking has ended."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itisa.notifications.todo import todos_for
from itisa.platforms.services import UsageInput, booking_confirm, usage_record
from itisa.platforms.tests.conftest import Plat, at, book


def _items(user: Any, now: dt.datetime) -> list[tuple[str, str, str, Any, bool]]:
    return [(t.kind.code, t.subject, t.url, t.due, t.overdue) for t in todos_for(user, now=now)
            if t.kind.code.startswith("platforms.")]  # fmt: skip


def test_host_confirms_then_records(plat: Plat, clock: Any) -> None:
    requested = book(plat, at(10, 9), at(10, 12))
    url = "/en/alliances/CSA/platforms/P0001/bookings/1/"
    items = _items(plat.host, at(2, 9))
    assert [(k, s, d, o) for k, s, _u, d, o in items] == [
        ("platforms.booking.confirm", "CSA/P0001 #1 Field-emission SEM", dt.date(2026, 3, 10), False)
    ]
    assert items[0][2] in (url, url.removeprefix("/en"))
    # the booker and the secretariat have no such duty (the host's)
    assert _items(plat.booker, at(2, 9)) == []
    assert _items(plat.secretariat, at(2, 9)) == []
    # once started, an unconfirmed booking is no longer anyone's duty
    assert _items(plat.host, at(10, 9)) == []
    booking_confirm(by=plat.host, booking=requested)
    assert _items(plat.host, at(10, 11, 59)) == []
    after = _items(plat.host, at(10, 12))
    assert [(k, d) for k, _s, _u, d, _o in after] == [("platforms.usage.record", None)]
    clock.move_to(at(10, 12))
    usage_record(by=plat.host, booking=requested, data=UsageInput(units_used="3"))
    assert _items(plat.host, at(10, 13)) == []
