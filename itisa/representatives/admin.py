"""Read-only admin of appointments and designations (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.representatives.models import Appointment, Designation


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "user", "status", "applied_at", "decided_by", "ended_at")
    list_filter = ("status",)
    search_fields = ("organisation__uscc", "organisation__name_zh", "user__username")


@admin.register(Designation)
class DesignationAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "function", "user", "named_at", "ended_at")
    list_filter = ("function",)
    search_fields = ("organisation__uscc", "user__username")
