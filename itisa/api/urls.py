"""API wiring: the NinjaAPI serves everything under /api/; any other /api/ address is a JSON 404."""

from django.urls import URLPattern, URLResolver, path, re_path

from itisa.api.api import api
from itisa.api.errors import not_found_view

urlpatterns: list[URLPattern | URLResolver] = [path("", api.urls), re_path(r"^", not_found_view)]
