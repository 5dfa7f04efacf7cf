"""Membership pages."""

app_name = "membership"
urlpatterns: list = []
