from django.urls import path

from itisa.promotion import views

app_name = "promotion"

urlpatterns = [
    path("problems/", views.problem_list, name="problems"),
    path("problems/export.xlsx", views.problem_export, name="problem_export"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/publish/", views.problem_publish, name="problem_publish"),
    path("problems/<int:pk>/close/", views.problem_close, name="problem_close"),
    path("problems/<int:pk>/delete/", views.problem_delete, name="problem_delete"),
    path("promotion/forming/", views.forming, name="forming"),
    path("promotion/alliances/<str:code>/endorse/", views.endorse_alliance, name="endorse_alliance"),
    path("promotion/proposals/<int:pk>/", views.proposal, name="proposal"),
    path("promotion/proposals/<int:pk>/endorse/", views.endorse_proposal, name="endorse_proposal"),
    path("promotion/endorsements/<int:pk>/withdraw/", views.endorsement_withdraw, name="withdraw"),
]
