from django.urls import path

from itisa.standards import views

app_name = "standards"

urlpatterns = [
    path("alliances/<str:code>/standards/", views.standard_list, name="list"),
    path("alliances/<str:code>/standards/new/", views.standard_create, name="create"),
    path("alliances/<str:code>/standards/<str:standard>/", views.standard_detail, name="detail"),
    path("alliances/<str:code>/standards/<str:standard>/drafters/", views.drafter_add, name="drafter_add"),
    path("alliances/<str:code>/standards/<str:standard>/declare/", views.declaration_file, name="declare"),
    path("alliances/<str:code>/standards/<str:standard>/round/", views.round_open, name="round_open"),
    path("alliances/<str:code>/standards/<str:standard>/vote/", views.vote_open, name="vote_open"),
    path("alliances/<str:code>/standards/<str:standard>/move/", views.standard_move, name="move"),
]
