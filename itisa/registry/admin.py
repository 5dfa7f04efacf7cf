"""Read-only admin of the registry (changes go through the audited services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name_zh", "uscc", "kind", "province", "industry", "is_demo")
    list_filter = ("kind", "province", "industry", "is_demo")
    search_fields = ("name_zh", "name_en", "uscc")


@admin.register(Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "status", "scope", "province", "founded_on", "is_demo")
    list_filter = ("status", "scope", "province", "key_area", "emerging_industry", "is_demo")
    search_fields = ("code", "name_zh", "name_en", "short_name_zh")


@admin.register(AllianceStatusChange)
class AllianceStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "old_status", "new_status", "by", "at")
    list_filter = ("new_status",)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name_zh", "name_en", "title")
    search_fields = ("name_zh", "name_en")
