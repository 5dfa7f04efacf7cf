"""Read-only admin of the pilot program: writes go through the services so they are audited."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.pilots.models import (
    Application,
    ApplicationStatusChange,
    Assignment,
    Call,
    Expert,
    Finding,
    Material,
    Recommendation,
    Review,
)


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("title_zh", "scope", "province", "opens_on", "closes_on", "rules", "status")
    list_filter = ("status", "scope", "province", "rules")
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


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ("application", "code", "kind", "original_name", "size", "added_at")
    list_filter = ("kind", "code")
    list_select_related = ("application__alliance", "application__call")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("application", "recommender_label", "capacity", "at")
    list_filter = ("capacity",)
    list_select_related = ("application__alliance", "application__call")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("application", "expert", "assigned_at")
    list_select_related = ("application__alliance", "application__call", "expert")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "organisation", "question", "holds", "by", "at")
    list_filter = ("question", "holds")
    search_fields = ("alliance__code", "organisation__name_zh", "organisation__uscc")
    list_select_related = ("alliance", "organisation", "by")
