from django.apps import AppConfig


class UiConfig(AppConfig):
    """Installed only so that its template tags (``{% load labels %}``) load; it has no models."""

    name = "itisa.ui"
    label = "ui"
