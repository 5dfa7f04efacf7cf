"""Typed inputs of the platforms services. Amounts and units stay as given (strings, ints or Decimals);
the services read them with ``core.values.parse_amount`` against their columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from itisa.core.inputs import ServiceInput

Amount = str | int | Decimal


class PlatformInput(ServiceInput):
    """A platform of the alliance hosted by a member (``host`` organisation id), with its fee schedule
    (``outside_rate`` empty: not open to outside users)."""

    kind: str = ""
    name_zh: str = ""
    name_en: str = ""
    host: int | None = None
    province: str = ""
    location: str = ""
    description: str = ""
    unit: str = ""
    open_to_members: bool = True
    member_rate: Amount = ""
    outside_rate: Amount | None = None


class BookingInput(ServiceInput):
    """A booking for a member (``organisation`` id) or an outside party (``party_name``), for the window
    ``starts_at``–``ends_at`` (aware datetimes); ``samples`` for a platform counted in samples."""

    organisation: int | None = None
    party_name: str = ""
    purpose: str = ""
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    samples: int = 0


class UsageInput(ServiceInput):
    """What a booking actually used; ``reason`` is required when it corrects the current record."""

    units_used: Amount = ""
    samples: int = 0
    outcome: str = ""
    reason: str = ""
