"""Read-only admin of talent exchange (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.talent.models import Exchange, Programme


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "kind", "title_zh", "starts_on", "ends_on", "planned_participants")
    list_filter = ("kind",)
    search_fields = ("code", "title_zh", "title_en")


@admin.register(Exchange)
class ExchangeAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "person_name", "from_org", "to_org", "starts_on", "ends_on")
    search_fields = ("code", "person_name", "role_zh")
