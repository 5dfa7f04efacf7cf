"""Read-only admin of memberships."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.membership.models import Membership


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "organisation", "rank", "joined_on", "left_on")
    list_filter = ("rank",)
    search_fields = ("alliance__code", "organisation__name_zh", "organisation__uscc")
