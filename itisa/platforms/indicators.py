"""What platforms count for the yearly indicators (``itisa.core.indicators``; Art. 5 of 国科发政〔2008〕770号:
the alliance builds and shares platforms for the industry): the confirmed bookings of the alliance's
platforms that start in the year (Beijing time) and their hours — the figures of ``usage_statistics``,
summed over the alliance's platforms. One grouped query per indicator, whatever the number of alliances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from itisa.core.indicators import Indicator
from itisa.core.yearly import FEN, grouped, year_window
from itisa.platforms.choices import BookingStatus
from itisa.platforms.models import Booking

REFERENCE = "国科发政〔2008〕770号 第五条"


def _confirmed(alliance_ids: Sequence[int], year: int) -> QuerySet[Booking]:
    start, end = year_window(year)
    return Booking.objects.filter(
        platform__alliance_id__in=alliance_ids, status=BookingStatus.CONFIRMED, starts_at__gte=start,
        starts_at__lt=end,
    )  # fmt: skip


def bookings(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Confirmed bookings of the alliance's platforms starting in the year."""
    return grouped(alliance_ids, _confirmed(alliance_ids, year), "platform__alliance_id", Count("pk"))


def hours(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """The hours of those bookings."""
    rows = _confirmed(alliance_ids, year)
    return grouped(alliance_ids, rows, "platform__alliance_id", Sum("hours"), places=FEN)


INDICATORS = (
    Indicator(
        code="platforms.bookings", name_zh="年度平台服务次数", name_en="Platform bookings served in the year",
        unit="count", dimension="service", compute=bookings, reference=REFERENCE, order=10,
    ),
    Indicator(
        code="platforms.hours", name_zh="年度平台服务机时", name_en="Platform hours booked in the year",
        unit="hours", dimension="service", compute=hours, reference=REFERENCE, order=11,
    ),
)  # fmt: skip
