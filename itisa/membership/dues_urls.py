"""Dues pages (fee schedule, invoices, payments); included by membership/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
