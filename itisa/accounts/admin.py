"""Admin of users and roles. Role grants and revocations call the audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from itisa.accounts.models import ApiToken, RoleAssignment, User
from itisa.accounts.services import role_grant, role_revoke
from itisa.core.admin_mixins import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_active", "is_superuser")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("ITISA", {"fields": ("display_name", "preferred_language")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "alliance", "organisation", "province", "industry", "granted_at")
    list_filter = ("role", "province", "industry")
    search_fields = ("user__username", "alliance__code")
    autocomplete_fields = ()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        granted = role_grant(
            by=request.user,
            user=obj.user,
            role=obj.role,
            alliance=obj.alliance,
            organisation=obj.organisation,
            province=obj.province,
            industry=obj.industry,
        )
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(by=request.user, assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            role_revoke(by=request.user, assignment=obj)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
