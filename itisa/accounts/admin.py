"""Admin of users and roles. Role grants and revocations call the audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from itisa.accounts.actions import USER_CHANGED_IN_ADMIN
from itisa.accounts.actor import acting_user
from itisa.accounts.models import ApiToken, RoleAssignment, User
from itisa.accounts.services import role_grant, role_revoke
from itisa.audit.services import log_action
from itisa.core.admin_mixins import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_active", "is_superuser")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("ITISA", {"fields": ("display_name", "preferred_language")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Django's user admin writes directly; record who changed which fields (never the password hash)."""
        super().save_model(request, obj, form, change)
        changed_data = list(form.changed_data or [])
        changed = sorted(f for f in changed_data if f not in ("password", "password1", "password2"))
        if {"password", "password1"} & set(changed_data):
            changed.append("password (reset)")
        log_action(
            obj,
            USER_CHANGED_IN_ADMIN,
            by=acting_user(request),
            data={"created": not change, "fields": changed},
        )

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        """Users are deactivated, not deleted: audit entries and (later) signatures refer to them."""
        obj.is_active = False
        obj.save(update_fields=["is_active"])
        log_action(
            obj,
            USER_CHANGED_IN_ADMIN,
            by=acting_user(request),
            data={"created": False, "fields": ["is_active"]},
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
            by=acting_user(request),
            user=obj.user,
            role=obj.role,
            alliance=obj.alliance,
            organisation=obj.organisation,
            province=obj.province,
            industry=obj.industry,
        )
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(by=acting_user(request), assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            role_revoke(by=acting_user(request), assignment=obj)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
