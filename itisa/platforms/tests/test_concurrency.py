"""PostgreSQL: two hosts confirming overlapping requests at the same moment — the platform's lock lets one
through and refuses the other with the overlap message, writing nothing for it."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import time_machine
from django.db import connection
from django.utils import translation

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict
from itisa.platforms.models import Booking, BookingStatusChange
from itisa.platforms.services import booking_confirm, platform_register
from itisa.platforms.tests.conftest import NOW, Plat, at, book, make_host, platform_input


def test_parallel_confirmations_of_overlapping_bookings(pg_committed: Any, world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        platform = platform_register(
            by=world.user("secretariat"), alliance=world.csa, data=platform_input(world)
        )
        plat = Plat(world, platform, make_host(world))
        first = book(plat, at(10, 9), at(10, 12))
        second = book(plat, at(10, 11), at(10, 13))
    barrier = threading.Barrier(2)
    refused: list[str] = []
    errors: list[BaseException] = []

    def confirm(booking: Booking, by: Any) -> None:
        try:
            # a new thread starts in the default language: the refusal is read in English, as the tests do
            with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False), translation.override("en"):
                barrier.wait()
                booking_confirm(by=by, booking=booking)
        except Conflict as exc:
            refused.append(exc.message)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(first, plat.host)),
               threading.Thread(target=confirm, args=(second, plat.secretariat))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(refused) == 1
    assert refused[0].startswith("The platform is already booked from 10 Mar 2026 ")
    assert Booking.objects.filter(status="confirmed").count() == 1
    assert BookingStatusChange.objects.filter(new_status="confirmed").count() == 1
    assert AuditEntry.objects.filter(action="platforms.booking.confirmed").count() == 1
