"""Who is told about bookings, in their own language, with a link to the booking's page: the contacts and
legal representatives of the host member when a booking is requested or cancelled; those of the booking
member when the host confirms, declines or cancels it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.models import RoleAssignment
from itisa.core.formats import daytime
from itisa.notifications.services import link, notify
from itisa.platforms.models import Booking

if TYPE_CHECKING:
    from itisa.accounts.models import User


def contacts_of(alliance_id: int, organisation_ids: list[int]) -> list[Any]:
    """The accounts acting for these organisations in the alliance (contacts, legal representatives)."""
    rows = RoleAssignment.objects.filter(
        alliance_id=alliance_id, role__in=ORGANISATION_ROLES, organisation_id__in=organisation_ids
    ).select_related("user")
    return list({ra.user.pk: ra.user for ra in rows.order_by("user_id", "pk")}.values())


def _names(booking: Booking) -> dict[str, Any]:
    """The values of a booking's notice texts, the times in the active language and Beijing time: called
    inside the callables, which ``notify`` renders in each recipient's language."""
    p = booking.platform
    return {"code": p.code, "name": p.name_zh, "seq": booking.seq, "user": booking.party_name,
            "start": daytime(booking.starts_at), "end": daytime(booking.ends_at),
            "status": booking.get_status_display()}  # fmt: skip


def _url(booking: Booking) -> Any:
    p = booking.platform
    return link("platforms:booking", p.alliance.code, p.code, booking.seq)


def booking_requested(booking: Booking, *, by: User) -> None:
    p = booking.platform
    notify(
        recipients=contacts_of(p.alliance_id, [p.host_id]), kind="platforms.booking.requested",
        subject=lambda: _("%(code)s booking #%(seq)s requested by %(user)s") % _names(booking),
        body=lambda: _("%(user)s asks to use %(code)s %(name)s from %(start)s to %(end)s. As its host, confirm or "
                       "decline the booking before it starts.") % _names(booking),
        url=_url(booking), alliance=p.alliance, by=by,
    )  # fmt: skip


def booking_moved(booking: Booking, *, by: User) -> None:
    """The booking was confirmed, declined or cancelled: the booking member (and, on a cancellation, the
    host) are told."""
    p = booking.platform
    orgs = [booking.organisation_id] if booking.organisation_id else []
    if booking.status == "cancelled":
        orgs.append(p.host_id)
    notify(
        recipients=contacts_of(p.alliance_id, orgs), kind=f"platforms.booking.{booking.status}",
        subject=lambda: _("%(code)s booking #%(seq)s: %(status)s") % _names(booking),
        body=lambda: _("The booking of %(code)s %(name)s by %(user)s from %(start)s to %(end)s is now: %(status)s.")
        % _names(booking),
        url=_url(booking), alliance=p.alliance, by=by,
    )  # fmt: skip
