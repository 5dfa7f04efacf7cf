from django.urls import path

from itisa.projects import views

app_name = "projects"

urlpatterns = [
    path("alliances/<str:code>/projects/", views.project_list, name="list"),
    path("alliances/<str:code>/projects/new/", views.project_create, name="create"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/move/<str:to>/", views.project_move, name="move"),
    path("projects/<int:pk>/assign/", views.expert_assign, name="assign"),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/evidence/", views.evidence_add, name="evidence_add"
    ),
    path("projects/<int:pk>/milestones/done/", views.milestone_done, name="milestone_done"),
    path("projects/<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("projects/reviews/<int:pk>/", views.opinion, name="opinion"),
]
