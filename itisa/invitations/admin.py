"""Read-only admin of invitations (writes go through the services; the digest is never shown)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.invitations.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "role", "alliance", "province", "industry", "status", "expires_at", "invited_by")
    list_filter = ("status", "role")
    search_fields = ("email",)
    exclude = ("digest",)
