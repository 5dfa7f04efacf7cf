"""Read-only admin of standards (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.standards.models import DraftingMember, IprDeclaration, StageChange, StandardProject, VoteRound


@admin.register(StandardProject)
class StandardProjectAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "level", "title_zh", "stage", "published_number")
    list_filter = ("level", "stage")
    search_fields = ("code", "title_zh", "title_en", "published_number")


@admin.register(DraftingMember)
class DraftingMemberAdmin(ReadOnlyAdmin):
    list_display = ("standard", "organisation", "role")


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ("standard", "old_status", "new_status", "actor_label", "at")


@admin.register(VoteRound)
class VoteRoundAdmin(ReadOnlyAdmin):
    list_display = ("standard", "seq", "target", "outcome", "motion")


@admin.register(IprDeclaration)
class IprDeclarationAdmin(ReadOnlyAdmin):
    list_display = ("round", "organisation", "holds_essential", "licensing", "supersedes", "at")
    list_filter = ("licensing", "holds_essential")
