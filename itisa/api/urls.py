"""API wiring."""

urlpatterns: list = []
