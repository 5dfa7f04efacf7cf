"""Writes of the shared platforms (one module per concept); import them from here."""

from itisa.platforms.services.bookings import (
    booking_cancel,
    booking_confirm,
    booking_decline,
    booking_request,
    current_usage,
    usage_record,
)
from itisa.platforms.services.inputs import BookingInput, PlatformInput, UsageInput
from itisa.platforms.services.platforms import platform_move, platform_problems, platform_register

__all__ = [
    "BookingInput",
    "PlatformInput",
    "UsageInput",
    "booking_cancel",
    "booking_confirm",
    "booking_decline",
    "booking_request",
    "current_usage",
    "platform_move",
    "platform_problems",
    "platform_register",
    "usage_record",
]
