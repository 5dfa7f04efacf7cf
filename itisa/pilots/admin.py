"""Read-only admin of the pilot program: writes go through the services so they are audited."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.pilots.models import Application, ApplicationStatusChange, Call, Expert, Review


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("title_zh", "opens_on", "closes_on", "rules", "status")
    list_filter = ("status", "rules")
    search_fields = ("title_zh", "title_en")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "call", "status", "eligible", "outcome", "pilot_from", "pilot_until")
    list_filter = ("status", "outcome", "call")
    search_fields = ("alliance__code", "alliance__name_zh")
    list_select_related = ("alliance", "call")


@admin.register(ApplicationStatusChange)
class ApplicationStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("application", "old_status", "new_status", "actor_label", "at")


@admin.register(Expert)
class ExpertAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "organisation", "specialities", "active")
    search_fields = ("name", "user__username")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "total", "submitted_at")
