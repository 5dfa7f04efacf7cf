"""Inbox, to-do and calendar-address pages (the feed itself is outside the language prefixes: config/urls.py)."""

from django.urls import path

from itisa.notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.read_all, name="read_all"),
    path("inbox/<int:pk>/read/", views.read, name="read"),
    path("todo/", views.todo, name="todo"),
    path("todo/calendar/", views.calendar, name="calendar"),
]
