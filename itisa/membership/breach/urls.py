"""Breach pages; included by membership/urls.py."""

from django.urls import URLPattern, path

from itisa.membership.breach import views

urlpatterns: list[URLPattern] = [
    path("alliances/<str:code>/breaches/", views.breaches, name="breaches"),
    path("alliances/<str:code>/breaches/serve/", views.breach_serve_page, name="breach_serve"),
    path("alliances/<str:code>/breaches/<int:pk>/", views.breach, name="breach"),
    path("alliances/<str:code>/breaches/<int:pk>/refer/", views.breach_refer_page, name="breach_refer"),
    *[
        path(f"alliances/<str:code>/breaches/<int:pk>/{step}/", views.breach_step, {"step": step},
             name=f"breach_{step}")
        for step in views.STEPS
    ],
]  # fmt: skip
