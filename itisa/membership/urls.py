"""Membership pages."""

from django.urls import include, path

from itisa.membership import dues_urls, views

app_name = "membership"
urlpatterns = [
    path("alliances/<str:code>/members/add/", views.member_add, name="member_add"),
    path("alliances/<str:code>/members/<int:pk>/end/", views.member_end, name="member_end"),
    path("alliances/<str:code>/members/<int:pk>/rank/", views.member_rank, name="member_rank"),
    path("", include(dues_urls.urlpatterns)),
]
