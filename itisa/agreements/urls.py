"""Agreement and signing-key pages."""

from django.urls import path

from itisa.agreements import views

app_name = "agreements"
urlpatterns = [
    path("alliances/<str:code>/agreements/", views.version_list, name="version_list"),
    path("alliances/<str:code>/agreements/new/", views.version_new, name="version_new"),
    path("alliances/<str:code>/agreements/accession/", views.accession_new, name="accession_new"),
    path("alliances/<str:code>/agreements/v<int:number>/", views.version_detail, name="version_detail"),
    path("alliances/<str:code>/agreements/v<int:number>/edit/", views.version_edit, name="version_edit"),
    path("alliances/<str:code>/agreements/v<int:number>/open/", views.version_open, name="version_open"),
    path(
        "alliances/<str:code>/agreements/v<int:number>/withdraw/",
        views.version_withdraw,
        name="version_withdraw",
    ),
    path("alliances/<str:code>/agreements/v<int:number>/sign/", views.version_sign, name="version_sign"),
    path(
        "alliances/<str:code>/agreements/v<int:number>/compare/",
        views.version_compare,
        name="version_compare",
    ),
    path(
        "alliances/<str:code>/agreements/v<int:number>/statement/",
        views.version_statement,
        name="version_statement",
    ),
    path("alliances/<str:code>/agreements/v<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path(
        "alliances/<str:code>/agreements/v<int:number>/bundle/", views.version_bundle, name="version_bundle"
    ),
    path(
        "alliances/<str:code>/agreements/v<int:number>/canonical/",
        views.version_canonical,
        name="version_canonical",
    ),
    path("keys/", views.key_list, name="key_list"),
    path("keys/<str:key_id>/confirm/", views.key_confirm, name="key_confirm"),
    path("keys/<str:key_id>/revoke/", views.key_revoke, name="key_revoke"),
]
