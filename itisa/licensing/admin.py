"""Read-only admin of licensing's write-once records (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.licensing.models import Licence, Receipt, SplitLine, TechContract, Transfer


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "result", "licensee_name", "exclusive", "starts_on", "ends_on")
    list_filter = ("exclusive",)
    search_fields = ("code", "licensee_name", "licensee_uscc")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ("licence", "seq", "received_on", "amount")


@admin.register(SplitLine)
class SplitLineAdmin(ReadOnlyAdmin):
    list_display = ("receipt", "kind", "name", "amount")


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "result", "transferor", "transferee", "notice_on", "objection_days")


@admin.register(TechContract)
class TechContractAdmin(ReadOnlyAdmin):
    list_display = ("number", "alliance", "kind", "verified_amount", "registered_on")
