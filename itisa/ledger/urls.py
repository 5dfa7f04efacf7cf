"""Ledger pages."""

from django.urls import path

from itisa.ledger import views

app_name = "ledger"
urlpatterns = [
    path("alliances/<str:code>/ledger/", views.ledger, name="ledger"),
    path("alliances/<str:code>/ledger/entries/new/", views.entry_new, name="entry_new"),
    path("ledger/entries/<int:pk>/", views.entry, name="entry"),
    path("ledger/entries/<int:pk>/<str:move>/", views.entry_move, name="entry_move"),
]
