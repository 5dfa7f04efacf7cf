"""Inbox pages."""

from django.urls import path

from itisa.notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.read_all, name="read_all"),
    path("inbox/<int:pk>/read/", views.read, name="read"),
]
