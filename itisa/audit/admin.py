"""Browse the audit log in the admin; nobody can add, change or delete entries (the database refuses too)."""

from __future__ import annotations

from django.contrib import admin

from itisa.audit.models import AuditEntry
from itisa.core.admin_mixins import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "actor_label", "action", "object_type", "object_id", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_id", "object_repr", "actor_label", "=hash")
    ordering = ("-seq",)
    show_full_result_count = False
    readonly_fields = (
        "seq",
        "at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "data",
        "prev_hash",
        "hash",
    )
    actions = None
