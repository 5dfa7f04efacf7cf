"""Dues pages (fee schedule, invoices, payments); included by membership/urls.py."""

from django.urls import URLPattern, path

from itisa.membership.dues import views as dues_views

urlpatterns: list[URLPattern] = [
    path("alliances/<str:code>/dues/", dues_views.dues, name="dues"),
    path("alliances/<str:code>/dues/fees/", dues_views.dues_fee_set, name="dues_fee_set"),
    path("alliances/<str:code>/dues/issue/", dues_views.dues_issue, name="dues_issue"),
    path("alliances/<str:code>/dues/invoices.xlsx", dues_views.dues_export, name="dues_export"),
    path(
        "alliances/<str:code>/dues/payments/import/",
        dues_views.dues_payment_import,
        name="dues_payment_import",
    ),
    path(
        "alliances/<str:code>/dues/payments/template.xlsx",
        dues_views.dues_payment_template,
        name="dues_payment_template",
    ),
    path(
        "alliances/<str:code>/dues/invoices/<int:pk>/paid/",
        dues_views.dues_invoice_paid,
        name="dues_invoice_paid",
    ),
    path(
        "alliances/<str:code>/dues/invoices/<int:pk>/cancel/",
        dues_views.dues_invoice_cancel,
        name="dues_invoice_cancel",
    ),
]
