"""Read-only admin of the annual reports (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.reports.models import (
    AnnualReport,
    ReportIndicator,
    ReportRound,
    ReportStatusChange,
    ReportSubmission,
)


@admin.register(ReportRound)
class ReportRoundAdmin(ReadOnlyAdmin):
    list_display = ("year", "deadline", "opened_by", "opened_at")


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "year", "status", "submitted_at", "overdue_at")
    list_filter = ("year", "status")
    search_fields = ("alliance__code", "alliance__name_zh")


@admin.register(ReportStatusChange)
class ReportStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("report", "old_status", "new_status", "actor_label", "at")


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "actor_label", "at", "late", "sha256")


@admin.register(ReportIndicator)
class ReportIndicatorAdmin(ReadOnlyAdmin):
    list_display = ("submission", "code", "value", "source")
