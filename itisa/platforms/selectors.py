"""Reads of the shared platforms, scoped to the viewer (``permissions``: the alliance's people and the
national office see its platforms, their bookings and usage). A page of platforms costs a fixed number
of queries, and so do the usage statistics (three aggregate queries, whatever the number of platforms)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.core.errors import NotFound
from itisa.platforms.choices import BookingStatus
from itisa.platforms.models import Booking, Platform, UsageRecord
from itisa.platforms.permissions import can_view_platforms
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PlatformFilters:
    """The list's filters: kind, province, status and a search of code, names and host."""

    kind: str = ""
    province: str = ""
    status: str = ""
    q: str = ""


def platforms_of(user: Any, alliance: Alliance, filters: PlatformFilters | None = None) -> QuerySet[Platform]:
    """The alliance's platforms for those who see them, by code, with their host."""
    if not can_view_platforms(user, alliance):
        return Platform.objects.none()
    qs = Platform.objects.filter(alliance=alliance).select_related("alliance", "host").order_by("code")
    f = filters or PlatformFilters()
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.province:
        qs = qs.filter(province=f.province)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(
            Q(code__icontains=f.q) | Q(name_zh__icontains=f.q) | Q(name_en__icontains=f.q)
            | Q(host__name_zh__icontains=f.q) | Q(location__icontains=f.q)
        )  # fmt: skip
    return qs


def access_platform(user: Any, alliance_code: str, code: str) -> Platform:
    """Find and check: the platform if the viewer sees the alliance's platforms. A hidden alliance or a
    missing platform is NotFound; a visible alliance whose platforms the viewer may not see is
    PermissionDenied with the reason (the login page for an anonymous visitor)."""
    alliance = access_alliance(user, alliance_code, need=can_view_platforms)
    platform = platforms_of(user, alliance).filter(code=code.upper()).first()
    if platform is None:
        raise NotFound(_("No such platform, or you may not see it."))
    return platform


def bookings_of(platform: Platform, *, upcoming_from: dt.datetime | None = None) -> QuerySet[Booking]:
    """The platform's bookings (the caller found the platform with ``access_platform``), by start, with
    their member and their usage records; from ``upcoming_from`` on (those not yet ended) when given."""
    qs = (
        Booking.objects.filter(platform=platform)
        .select_related("platform__alliance", "platform__host", "organisation")
        .prefetch_related(
            Prefetch("usage_records", queryset=UsageRecord.objects.select_related("by").order_by("seq"))
        )
        .order_by("starts_at", "seq")
    )
    if upcoming_from is not None:
        qs = qs.filter(ends_at__gt=upcoming_from)
    return qs


def access_booking(user: Any, alliance_code: str, code: str, seq: int) -> Booking:
    """Find and check: a booking of a platform the viewer sees; NotFound otherwise."""
    platform = access_platform(user, alliance_code, code)
    booking = bookings_of(platform).filter(seq=seq).first()
    if booking is None:
        raise NotFound(_("No such booking."))
    return booking


def usage_in_force(booking: Booking) -> UsageRecord | None:
    """The usage record in force among the prefetched ones (the last; it supersedes the others)."""
    records = list(booking.usage_records.all())
    return records[-1] if records else None


def moment(value: dt.datetime) -> str:
    return timezone.localtime(value).isoformat()


def booking_document(booking: Booking) -> dict[str, Any]:
    """A booking as plain data (API, ``itisa platform show``); times in Beijing time with their offset."""
    usage = usage_in_force(booking)
    return {
        "platform": booking.platform.code, "seq": booking.seq,
        "organisation": booking.organisation.uscc if booking.organisation else None,
        "user": booking.party_name, "member": booking.member, "purpose": booking.purpose,
        "starts_at": moment(booking.starts_at), "ends_at": moment(booking.ends_at),
        "hours": str(booking.hours), "units": str(booking.units), "samples": booking.samples,
        "status": booking.status, "rate": None if booking.rate is None else str(booking.rate),
        "fee": None if booking.fee is None else str(booking.fee),
        "usage": None if usage is None else {
            "seq": usage.seq, "units_used": str(usage.units_used), "samples": usage.samples,
            "outcome": usage.outcome, "fee_due": str(usage.fee_due), "corrections": usage.seq - 1,
        },
    }  # fmt: skip


def platform_document(platform: Platform) -> dict[str, Any]:
    """A platform as plain data (API, ``itisa platform``)."""
    return {
        "alliance": platform.alliance.code, "code": platform.code, "kind": platform.kind,
        "name_zh": platform.name_zh, "name_en": platform.name_en, "host": platform.host.uscc,
        "host_name": platform.host.name_zh, "province": platform.province, "location": platform.location,
        "description": platform.description, "unit": platform.unit, "open_to_members": platform.open_to_members,
        "member_rate": str(platform.member_rate),
        "outside_rate": None if platform.outside_rate is None else str(platform.outside_rate),
        "status": platform.status,
    }  # fmt: skip


@dataclass(frozen=True)
class PlatformStats:
    """One platform's use in a year (bookings starting in that year, Beijing time): bookings made and
    confirmed, hours confirmed, units used and fees due by the usage records in force, distinct member
    users of confirmed bookings, and the units used by members and by outside users."""

    platform: Platform
    bookings: int
    confirmed: int
    hours: Decimal
    units_used: Decimal
    fees_due: Decimal
    member_users: int
    member_units: Decimal
    outside_units: Decimal

    @property
    def member_share(self) -> Decimal | None:
        """The percentage of the units used that members used (one decimal), None when nothing was used."""
        if not self.units_used:
            return None
        return (self.member_units * 100 / self.units_used).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def document(self) -> dict[str, Any]:
        share = self.member_share
        return {
            "platform": self.platform.code, "name_zh": self.platform.name_zh, "kind": self.platform.kind,
            "unit": self.platform.unit, "bookings": self.bookings, "confirmed": self.confirmed,
            "hours": str(self.hours), "units_used": str(self.units_used), "fees_due": str(self.fees_due),
            "member_users": self.member_users, "member_units": str(self.member_units),
            "outside_units": str(self.outside_units), "member_share": None if share is None else str(share),
        }  # fmt: skip


def year_window(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year in Beijing time: from 1 January 00:00 to the next 1 January 00:00."""
    tz = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def usage_statistics(alliance: Alliance, year: int) -> list[PlatformStats]:
    """Every platform of the alliance with its use in ``year`` (by code), in three queries whatever the
    number of platforms and bookings. The caller checks that the viewer sees the alliance's platforms
    (``access_alliance(…, need=can_view_platforms)``); evaluation reads it for the alliance's record."""
    start, end = year_window(year)
    platforms = list(
        Platform.objects.filter(alliance=alliance).select_related("alliance", "host").order_by("code")
    )
    confirmed = Q(status=BookingStatus.CONFIRMED)
    bookings: dict[int, dict[str, Any]] = {
        row["platform_id"]: dict(row)
        for row in Booking.objects.filter(platform__alliance=alliance, starts_at__gte=start, starts_at__lt=end)
        .values("platform_id")
        .annotate(
            n=Count("pk"), confirmed=Count("pk", filter=confirmed), hours=Sum("hours", filter=confirmed),
            members=Count("organisation", filter=confirmed & Q(member=True), distinct=True),
        )
        .order_by()
    }  # fmt: skip
    usage: dict[tuple[int, bool], dict[str, Any]] = {
        (row["booking__platform_id"], row["booking__member"]): dict(row)
        for row in UsageRecord.objects.filter(
            booking__platform__alliance=alliance, booking__starts_at__gte=start, booking__starts_at__lt=end,
            superseded_by__isnull=True,
        )
        .values("booking__platform_id", "booking__member")
        .annotate(units=Sum("units_used"), fees=Sum("fee_due"))
        .order_by()
    }  # fmt: skip

    def dec(value: Any) -> Decimal:
        return Decimal(value or 0).quantize(Decimal("0.01"))

    stats = []
    for p in platforms:
        b: dict[str, Any] = bookings.get(p.pk, {})
        mine = usage.get((p.pk, True), {})
        theirs = usage.get((p.pk, False), {})
        member_units, outside_units = dec(mine.get("units")), dec(theirs.get("units"))
        stats.append(PlatformStats(
            platform=p, bookings=b.get("n", 0), confirmed=b.get("confirmed", 0), hours=dec(b.get("hours")),
            units_used=member_units + outside_units, fees_due=dec(mine.get("fees")) + dec(theirs.get("fees")),
            member_users=b.get("members", 0), member_units=member_units, outside_units=outside_units,
        ))  # fmt: skip
    return stats
