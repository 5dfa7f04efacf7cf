"""Audit action codes of the shared platforms."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

PLATFORM_REGISTERED = register_action("platforms.platform.registered", _("Shared platform registered"))
PLATFORM_MOVED = register_action("platforms.platform.moved", _("Shared platform status changed"))
PLATFORMS_IMPORTED = register_action("platforms.platform.imported", _("Shared platforms imported from Excel"))
BOOKING_REQUESTED = register_action("platforms.booking.requested", _("Platform booking requested"))
BOOKING_CONFIRMED = register_action("platforms.booking.confirmed", _("Platform booking confirmed"))
BOOKING_DECLINED = register_action("platforms.booking.declined", _("Platform booking declined"))
BOOKING_CANCELLED = register_action("platforms.booking.cancelled", _("Platform booking cancelled"))
USAGE_RECORDED = register_action("platforms.usage.recorded", _("Platform usage recorded"))
