"""Partner search pages."""

from django.urls import path

from itisa.partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.partner_list, name="list"),
    path("partners/export.xlsx", views.partner_export, name="export"),
    path("partners/<str:uscc>/invite/", views.join_invite, name="invite"),
]
