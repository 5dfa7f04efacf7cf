"""The dossier section ``platforms`` (format 1.6) as Pydantic models. See docs/platforms.md, "Dossier".

A platform is identified within its alliance by its code (``P0001``), a booking by its number within its
platform, a usage record by its number within its booking. Organisations are named by credit code (they
travel in ``organisations``). Accounts do not travel: who acted is the username recorded when it
happened. Amounts are decimal strings with two places; moments are aware timestamps in UTC.
"""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from itisa.core.regions import Province
from itisa.dossier.base import Strict
from itisa.platforms.choices import BookingStatus, CapacityUnit, PlatformKind, PlatformStatus

AMOUNT = r"^[0-9]{1,14}\.[0-9]{2}$"
USERNAME = "Username recorded when it happened."


class PlatformStatusChangeDoc(Strict):
    at: AwareDatetime
    old_status: PlatformStatus | None = None
    new_status: PlatformStatus
    by: str | None = Field(default=None, description=USERNAME)
    comment: str = ""


class BookingStatusChangeDoc(Strict):
    at: AwareDatetime
    old_status: BookingStatus | None = None
    new_status: BookingStatus
    by: str | None = Field(default=None, description=USERNAME)
    comment: str = ""


class UsageRecordDoc(Strict):
    """What a booking used (written once); ``supersedes`` is the number of the record it corrects."""

    seq: int = Field(ge=1)
    units_used: str = Field(pattern=AMOUNT)
    samples: int = Field(ge=0)
    outcome: str = ""
    rate: str = Field(pattern=AMOUNT)
    fee_due: str = Field(pattern=AMOUNT)
    supersedes: int | None = Field(default=None, ge=1)
    reason: str = ""
    by: str = Field(min_length=1, max_length=150, description=USERNAME)
    at: AwareDatetime


class BookingDoc(Strict):
    seq: int = Field(ge=1)
    organisation: str | None = Field(
        default=None, description="Credit code of the booking member; null: outside"
    )
    party_name: str = Field(min_length=1, max_length=200)
    member: bool
    purpose: str = Field(min_length=1, max_length=500)
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    samples: int = Field(ge=0)
    hours: str = Field(pattern=AMOUNT)
    units: str = Field(pattern=AMOUNT)
    status: BookingStatus
    rate: str | None = Field(default=None, pattern=AMOUNT)
    fee: str | None = Field(default=None, pattern=AMOUNT)
    by: str = Field(min_length=1, max_length=150, description=USERNAME)
    at: AwareDatetime
    status_history: list[BookingStatusChangeDoc] = Field(default_factory=list)
    usage: list[UsageRecordDoc] = Field(default_factory=list)


class PlatformDoc(Strict):
    """A shared platform with its fee schedule, status history and bookings."""

    code: str = Field(pattern=r"^P[0-9]{4,}$")
    kind: PlatformKind
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    host: str = Field(description="Credit code of the host member.")
    province: Province
    location: str = Field(default="", max_length=300)
    description: str = ""
    unit: CapacityUnit
    open_to_members: bool
    member_rate: str = Field(pattern=AMOUNT)
    outside_rate: str | None = Field(default=None, pattern=AMOUNT)
    status: PlatformStatus
    is_demo: bool = False
    by: str = Field(min_length=1, max_length=150, description=USERNAME)
    at: AwareDatetime
    status_history: list[PlatformStatusChangeDoc] = Field(default_factory=list)
    bookings: list[BookingDoc] = Field(default_factory=list)
