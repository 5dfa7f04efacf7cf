"""Platform duties in the to-do list (待办), for the contacts and legal representatives of the member
that hosts a platform: confirm or decline each requested booking before it starts (due on its first
day), and record the usage of each confirmed booking that has ended without a usage record. Two queries
(the roles are cached; the bookings), whatever the number of items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.roles import role_summary
from itisa.core.formats import daytime
from itisa.notifications.todo import Todo, todo_kind
from itisa.platforms.choices import BookingStatus
from itisa.platforms.models import Booking
from itisa.ui.labels import local_text, names_joined

CONFIRM = todo_kind(
    "platforms.booking.confirm", _("Confirm or decline the booking"), _("Platform bookings to confirm")
)
RECORD = todo_kind("platforms.usage.record", _("Record the usage of"), _("Platform usage to record"))


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The bookings of the platforms hosted by an organisation the user acts for that wait for it."""
    s = role_summary(user)
    alliances = s.alliances_with(*ORGANISATION_ROLES)
    organisations = [o for o in s.organisations if s.acts_for(o, *ORGANISATION_ROLES)]
    if not alliances or not organisations:
        return []
    waiting = Q(status=BookingStatus.REQUESTED, starts_at__gt=now) | Q(
        status=BookingStatus.CONFIRMED, ends_at__lte=now, usage_records__isnull=True
    )
    rows = (
        Booking.objects.filter(
            waiting, platform__alliance_id__in=alliances, platform__host_id__in=organisations
        )
        .select_related("platform__alliance")
        .order_by("starts_at", "pk")
    )
    items = []
    for b in rows:
        p = b.platform
        when = daytime(b.starts_at)
        url = reverse("platforms:booking", args=[p.alliance.code, p.code, b.seq])
        subject = names_joined([f"{p.alliance.code}/{p.code} #{b.seq}", local_text(p)], " ")
        if b.status == BookingStatus.REQUESTED:
            items.append(Todo(kind=CONFIRM, ref=f"platform-booking:{b.pk}:confirm", subject=subject,
                              detail=names_joined([b.party_name, when]), url=url, alliance=p.alliance.code,
                              due=timezone.localdate(b.starts_at), starts_at=b.starts_at))  # fmt: skip
        else:
            items.append(Todo(kind=RECORD, ref=f"platform-booking:{b.pk}:usage", subject=subject,
                              detail=names_joined([b.party_name, when]), url=url, alliance=p.alliance.code))  # fmt: skip
    return items
