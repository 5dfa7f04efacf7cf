"""Ledger pages."""

from django.urls import path

from itisa.ledger import import_views, views

app_name = "ledger"
urlpatterns = [
    path("alliances/<str:code>/ledger/", views.ledger, name="ledger"),
    path("alliances/<str:code>/ledger/entries/new/", views.entry_new, name="entry_new"),
    path("alliances/<str:code>/ledger/entries/import/", import_views.entry_import, name="entry_import"),
    path(
        "alliances/<str:code>/ledger/entries/template.xlsx",
        import_views.entry_template,
        name="entry_template",
    ),
    path("alliances/<str:code>/ledger/reports/", views.reports, name="reports"),
    path("alliances/<str:code>/ledger/grants/", views.grants, name="grants"),
    path("alliances/<str:code>/ledger/setup/", views.setup, name="setup"),
    path("alliances/<str:code>/ledger/periods/close/", views.period_close, name="period_close"),
    path("alliances/<str:code>/ledger/reports.xlsx", views.reports_xlsx, name="reports_xlsx"),
    path("alliances/<str:code>/ledger/reports.pdf", views.reports_pdf, name="reports_pdf"),
    path("alliances/<str:code>/ledger/accounts/<str:account>/", views.account_ledger, name="account"),
    path("ledger/entries/<int:pk>/", views.entry, name="entry"),
    path("ledger/entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("ledger/entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("ledger/entries/<int:pk>/send-back/", views.entry_send_back, name="entry_send_back"),
    path("ledger/entries/<int:pk>/voucher.pdf", views.voucher_pdf, name="voucher_pdf"),
    path("ledger/entries/<int:pk>/flag/", views.entry_flag, name="entry_flag"),
    path("ledger/entries/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "ledger/entries/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("ledger/entries/<int:pk>/flags/<int:flag_pk>/resolve/", views.flag_resolve, name="flag_resolve"),
    path("ledger/entries/<int:pk>/<str:move>/", views.entry_move, name="entry_move"),
]
