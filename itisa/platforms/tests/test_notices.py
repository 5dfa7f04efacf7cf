"""Who is told: the host's contacts of a request (in their language, with the link), the booking member's
contacts of the host's decision; nothing when the transaction rolls back."""

from __future__ import annotations

import pytest
from django.db import transaction

from itisa.notifications.models import Notification
from itisa.platforms.services import booking_confirm
from itisa.platforms.tests.conftest import Plat, at, book


def test_the_host_is_told_of_a_request_in_their_language(plat: Plat) -> None:
    plat.host.preferred_language = "en"
    plat.host.save(update_fields=["preferred_language"])
    book(plat, at(10, 9), at(10, 12))
    (n,) = Notification.objects.filter(kind="platforms.booking.requested")
    assert (n.recipient, n.subject, n.url) == (
        plat.host,
        "P0001 booking #1 requested by 乙大学",
        "/en/alliances/CSA/platforms/P0001/bookings/1/",
    )
    assert n.body == ("乙大学 asks to use P0001 场发射扫描电子显微镜 from 10 Mar 2026 09:00 to 10 Mar 2026 12:00. "
                      "As its host, confirm or decline the booking before it starts.")  # fmt: skip


def test_the_booking_member_is_told_of_the_decision_in_chinese(plat: Plat) -> None:
    booking_confirm(by=plat.host, booking=book(plat, at(10, 9), at(10, 12)))
    rows = Notification.objects.filter(kind="platforms.booking.confirmed").order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.url) for n in rows] == [
        ("legal_representative", "P0001 第 1 号预约：已确认", "/alliances/CSA/platforms/P0001/bookings/1/"),
        ("member_contact", "P0001 第 1 号预约：已确认", "/alliances/CSA/platforms/P0001/bookings/1/"),
    ]


def test_nothing_is_told_when_the_transaction_rolls_back(plat: Plat) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        book(plat, at(10, 9), at(10, 12))
        raise RuntimeError
    assert Notification.objects.count() == 0
