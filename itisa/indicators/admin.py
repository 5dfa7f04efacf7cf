"""Read-only admin of the indicator values (write-once rows; writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.indicators.models import IndicatorValue


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "year", "code", "value", "source", "by", "at")
    list_filter = ("year", "source")
    search_fields = ("code", "alliance__code", "evidence")
