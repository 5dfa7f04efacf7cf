"""API wiring: the NinjaAPI serves everything under /api/."""

from django.urls import path

from itisa.api.api import api

urlpatterns = [path("", api.urls)]
