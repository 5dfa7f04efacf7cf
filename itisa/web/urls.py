"""Shared pages: home, login, language, audit history."""

app_name = "web"
urlpatterns: list = []
