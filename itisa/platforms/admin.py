"""Read-only admin of the shared platforms (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.platforms.models import Booking, Platform, UsageRecord


@admin.register(Platform)
class PlatformAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "alliance",
        "kind",
        "name_zh",
        "host",
        "unit",
        "member_rate",
        "outside_rate",
        "status",
    )
    list_filter = ("kind", "status", "unit")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("platform", "seq", "party_name", "starts_at", "ends_at", "status", "fee")
    list_filter = ("status",)


@admin.register(UsageRecord)
class UsageRecordAdmin(ReadOnlyAdmin):
    list_display = ("booking", "seq", "units_used", "fee_due", "supersedes", "at")
