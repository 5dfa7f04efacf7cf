"""Shared platforms endpoints: an alliance's platforms, a platform with its upcoming bookings, its
bookings, the usage statistics of a year, and the writes: request a booking, confirm or decline it (the
host or the secretariat) or cancel it before it starts, record its usage after it ends. Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.inputs import Count, Year
from itisa.core.responses import errors
from itisa.platforms import services
from itisa.platforms.permissions import can_view_platforms
from itisa.platforms.schemas import (
    PlatformBookingIn,
    PlatformBookingOut,
    PlatformDecisionIn,
    PlatformDetailOut,
    PlatformOut,
    PlatformStatsOut,
    PlatformUsageIn,
)
from itisa.platforms.selectors import (
    access_booking,
    access_platform,
    booking_document,
    bookings_of,
    platform_document,
    platforms_of,
    usage_statistics,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["platforms"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


@router.get("/alliances/{code}/platforms", response={200: list[PlatformOut], **READ})
def platform_list(request: HttpRequest, code: str) -> Any:
    """The alliance's platforms, by code (for the alliance's people and the national office)."""
    alliance = access_alliance(viewer(request), code, need=can_view_platforms)
    return [platform_document(p) for p in platforms_of(viewer(request), alliance)]


@router.get("/alliances/{code}/platforms/{platform}", response={200: PlatformDetailOut, **READ})
def platform_detail(request: HttpRequest, code: str, platform: str) -> Any:
    """A platform with its fee schedule and its requested and confirmed bookings not yet ended."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    obj = access_platform(viewer(request), code, platform)
    upcoming = bookings_of(obj, upcoming_from=timezone.now()).filter(status__in=["requested", "confirmed"])
    return {**platform_document(obj), "upcoming": [booking_document(b) for b in upcoming]}


@router.get(
    "/alliances/{code}/platforms/{platform}/bookings", response={200: list[PlatformBookingOut], **READ}
)
def booking_list(request: HttpRequest, code: str, platform: str) -> Any:
    """Every booking of the platform, by start, with its usage record in force."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    return [booking_document(b) for b in bookings_of(access_platform(viewer(request), code, platform))]


@router.post("/alliances/{code}/platforms/{platform}/bookings", response={201: PlatformBookingOut, **WRITE})
def booking_request(request: HttpRequest, code: str, platform: str, payload: PlatformBookingIn) -> Any:
    """Request a window for a member (its contact or legal representative, or the secretariat) or an
    outside user (the host or the secretariat). 409 when it overlaps a confirmed booking."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    obj = access_platform(viewer(request), code, platform)
    booking = services.booking_request(
        by=viewer(request), platform=obj, data=services.BookingInput(**payload.dict())
    )
    return Status(201, booking_document(access_booking(viewer(request), code, obj.code, booking.seq)))


@router.post(
    "/alliances/{code}/platforms/{platform}/bookings/{seq}/confirm",
    response={200: PlatformBookingOut, **WRITE},
)
def booking_confirm(
    request: HttpRequest, code: str, platform: str, seq: Count, payload: PlatformDecisionIn
) -> Any:
    """Confirm a requested booking (the host or the secretariat): the rate and fee are frozen. 409 when it
    overlaps another confirmed booking, has started, or is no longer requested."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    booking = access_booking(viewer(request), code, platform, seq)
    services.booking_confirm(by=viewer(request), booking=booking, note=payload.note)
    return booking_document(access_booking(viewer(request), code, platform, seq))


@router.post(
    "/alliances/{code}/platforms/{platform}/bookings/{seq}/decline",
    response={200: PlatformBookingOut, **WRITE},
)
def booking_decline(
    request: HttpRequest, code: str, platform: str, seq: Count, payload: PlatformDecisionIn
) -> Any:
    """Decline a requested booking, saying why (the host or the secretariat)."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    booking = access_booking(viewer(request), code, platform, seq)
    services.booking_decline(by=viewer(request), booking=booking, note=payload.note)
    return booking_document(access_booking(viewer(request), code, platform, seq))


@router.post(
    "/alliances/{code}/platforms/{platform}/bookings/{seq}/cancel",
    response={200: PlatformBookingOut, **WRITE},
)
def booking_cancel(
    request: HttpRequest, code: str, platform: str, seq: Count, payload: PlatformDecisionIn
) -> Any:
    """Cancel a requested or confirmed booking before it starts (the booking member, the host or the
    secretariat). 409 once it has started or when it is no longer open."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    booking = access_booking(viewer(request), code, platform, seq)
    services.booking_cancel(by=viewer(request), booking=booking, note=payload.note)
    return booking_document(access_booking(viewer(request), code, platform, seq))


@router.post(
    "/alliances/{code}/platforms/{platform}/bookings/{seq}/usage", response={201: PlatformBookingOut, **WRITE}
)
def usage_record(request: HttpRequest, code: str, platform: str, seq: Count, payload: PlatformUsageIn) -> Any:
    """Record what a confirmed booking used, after it ended (the host or the secretariat); a second record
    corrects the first and gives a reason. 409 before the end or for a booking not confirmed."""
    access_alliance(viewer(request), code, need=can_view_platforms)
    booking = access_booking(viewer(request), code, platform, seq)
    services.usage_record(by=viewer(request), booking=booking, data=services.UsageInput(**payload.dict()))
    return Status(201, booking_document(access_booking(viewer(request), code, platform, seq)))


@router.get("/alliances/{code}/platform-statistics", response={200: list[PlatformStatsOut], **READ})
def statistics(request: HttpRequest, code: str, year: Year) -> Any:
    """Each platform's use in ``year``: bookings, confirmed, hours, units used, distinct member users,
    fees due and the members' share of the units used."""
    alliance = access_alliance(viewer(request), code, need=can_view_platforms)
    return [s.document() for s in usage_statistics(alliance, year)]
