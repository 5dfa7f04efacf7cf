"""Read-only admin of projects: writes go through the services so they are audited."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.projects.models import (
    Evidence,
    FundingSource,
    Goal,
    Milestone,
    Opinion,
    Participant,
    Project,
    ProjectStatusChange,
    ReviewAssignment,
    ReviewRound,
)


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "code", "title_zh", "lead", "status", "starts_on", "ends_on")
    list_filter = ("status",)
    search_fields = ("code", "title_zh", "alliance__code")


for model in (
    ProjectStatusChange, Goal, Participant, FundingSource, Milestone, Evidence, ReviewRound, ReviewAssignment,
    Opinion,
):  # fmt: skip
    admin.site.register(model, ReadOnlyAdmin)
