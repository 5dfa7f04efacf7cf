"""Registry pages (filled by the web UI work)."""

app_name = "registry"
urlpatterns: list = []
