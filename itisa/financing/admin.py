"""Read-only admin of financing (writes go through the services)."""

from django.contrib import admin

from itisa.core.admin_mixins import ReadOnlyAdmin
from itisa.financing.models import CreditLine, Drawdown, FinancingNeed, InstitutionResponse, Repayment


@admin.register(FinancingNeed)
class FinancingNeedAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "channel", "amount", "status")
    list_filter = ("status", "channel")
    search_fields = ("code", "purpose_zh")


@admin.register(InstitutionResponse)
class InstitutionResponseAdmin(ReadOnlyAdmin):
    list_display = ("need", "institution", "decision", "amount_offered", "responded_on")


@admin.register(CreditLine)
class CreditLineAdmin(ReadOnlyAdmin):
    list_display = ("code", "alliance", "institution", "borrower", "limit", "starts_on", "ends_on")


@admin.register(Drawdown)
class DrawdownAdmin(ReadOnlyAdmin):
    list_display = ("line", "seq", "amount", "drawn_on", "due_on")


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyAdmin):
    list_display = ("drawdown", "amount", "repaid_on")
