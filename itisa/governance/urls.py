"""Governance pages."""

from django.urls import path

from itisa.governance import views

app_name = "governance"
urlpatterns = [
    path("alliances/<str:code>/governance/", views.governance, name="governance"),
    path("alliances/<str:code>/governance/bodies/", views.body_add, name="body_add"),
    path("alliances/<str:code>/governance/bodies/<int:pk>/seats/", views.seat_add, name="seat_add"),
    path("alliances/<str:code>/governance/bodies/<int:pk>/rules/", views.rules_adopt, name="rules_adopt"),
    path("alliances/<str:code>/governance/seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("alliances/<str:code>/governance/staff/", views.staff_add, name="staff_add"),
    path("alliances/<str:code>/governance/staff/<int:pk>/end/", views.staff_end, name="staff_end"),
    path("alliances/<str:code>/governance/liability/", views.liability, name="liability"),
]
