"""The platform and booking workflows as data: ``{from: {to: who moves it}}`` (drawn in docs/platforms.md).

Actors: ``keeper`` (the alliance's secretariat, or the national office correcting a record), ``host`` (a
contact or legal representative of the member that hosts the platform, or the keeper), ``booker`` (a
contact or legal representative of the booking member, or the keeper; for an outside party, the keeper
or the host who entered the booking).
"""

from __future__ import annotations

from itisa.core.workflows import Transitions
from itisa.platforms.choices import BookingStatus as B
from itisa.platforms.choices import PlatformStatus as P

KEEPER = "keeper"
HOST = "host"
BOOKER = "booker"

PLATFORM_TRANSITIONS = Transitions.of(
    {
        P.ACTIVE: {P.SUSPENDED: {KEEPER}, P.RETIRED: {KEEPER}},
        P.SUSPENDED: {P.ACTIVE: {KEEPER}, P.RETIRED: {KEEPER}},
        P.RETIRED: {},
    }
)

BOOKING_TRANSITIONS = Transitions.of(
    {
        # the host (or the secretariat) confirms or declines; the booker may withdraw before the start
        B.REQUESTED: {B.CONFIRMED: {HOST}, B.DECLINED: {HOST}, B.CANCELLED: {BOOKER, HOST}},
        # a confirmed booking may be cancelled before it starts (services.bookings.booking_cancel)
        B.CONFIRMED: {B.CANCELLED: {BOOKER, HOST}},
        B.DECLINED: {},
        B.CANCELLED: {},
    }
)
