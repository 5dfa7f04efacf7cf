"""Registry pages: alliances and organisations."""

from django.urls import path

from itisa.registry import views

app_name = "registry"
urlpatterns = [
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/export.xlsx", views.alliance_export, name="alliance_export"),
    path("alliances/new/", views.alliance_create, name="alliance_create"),
    path("alliances/<str:code>/", views.alliance_detail, name="alliance_detail"),
    path("alliances/<str:code>/edit/", views.alliance_edit, name="alliance_edit"),
    path("alliances/<str:code>/status/<str:status>/", views.alliance_transition, name="alliance_transition"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export.xlsx", views.organisation_export, name="organisation_export"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/import/", views.organisation_import, name="organisation_import"),
    path("organisations/template.xlsx", views.organisation_template, name="organisation_template"),
    path("organisations/<str:uscc>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<str:uscc>/edit/", views.organisation_edit, name="organisation_edit"),
]
