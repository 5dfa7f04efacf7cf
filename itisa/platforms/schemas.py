"""API schemas of the shared platforms. Amounts are strings with two decimals (CNY), never floats;
moments are ISO 8601 with their offset (Beijing time in answers)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from itisa.core.inputs import Count, Id


class PlatformOut(Schema):
    alliance: str
    code: str
    kind: str = Field(description="technology | equipment | testing | pilot | data")
    name_zh: str
    name_en: str
    host: str = Field(description="The host member's credit code")
    host_name: str
    province: str = Field(description="GB/T 2260 two-digit code")
    location: str
    description: str
    unit: str = Field(description="hour | day | sample")
    open_to_members: bool
    member_rate: str
    outside_rate: str | None = Field(description="None: not open to outside users")
    status: str = Field(description="active | suspended | retired")


class PlatformUsageOut(Schema):
    seq: int = Field(description="The record in force (a correction has a higher number)")
    units_used: str
    samples: int
    outcome: str
    fee_due: str
    corrections: int


class PlatformBookingOut(Schema):
    platform: str
    seq: int
    organisation: str | None = Field(description="The member's credit code; None for an outside user")
    user: str
    member: bool = Field(description="Whether the member rate applies")
    purpose: str
    starts_at: str
    ends_at: str
    hours: str
    units: str
    samples: int
    status: str = Field(description="requested | confirmed | declined | cancelled")
    rate: str | None = Field(description="Frozen on confirmation")
    fee: str | None = Field(description="Frozen on confirmation: rate × units, to the fen, half up")
    usage: PlatformUsageOut | None


class PlatformDetailOut(PlatformOut):
    upcoming: list[PlatformBookingOut] = Field(description="Requested and confirmed bookings not yet ended")


class PlatformStatsOut(Schema):
    platform: str
    name_zh: str
    kind: str
    unit: str
    bookings: int
    confirmed: int
    hours: str
    units_used: str
    fees_due: str
    member_users: int
    member_units: str
    outside_units: str
    member_share: str | None = Field(description="Percent of the units used that members used; None if none")


class PlatformBookingIn(Schema):
    organisation: Id | None = Field(
        default=None, description="A member's organisation id (or name an outside user)"
    )
    party_name: str = Field(
        default="", description="An outside user's name (entered by the host or the secretariat)"
    )
    purpose: str
    starts_at: dt.datetime = Field(description="With its offset, e.g. 2026-03-10T09:00:00+08:00")
    ends_at: dt.datetime
    samples: Count = 0


class PlatformDecisionIn(Schema):
    note: str = ""


class PlatformUsageIn(Schema):
    units_used: str = Field(description="Units actually used, e.g. 3.50")
    samples: Count = 0
    outcome: str = ""
    reason: str = Field(default="", description="Required when correcting the record in force")
