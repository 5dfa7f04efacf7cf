from django.urls import path

from itisa.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.campaigns, name="campaigns"),
    path("evaluation/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("evaluation/campaigns/<int:pk>/", views.campaign, name="campaign"),
    path("evaluation/campaigns/<int:pk>/publish/", views.campaign_publish, name="publish"),
    path("evaluation/campaigns/<int:pk>/grades/", views.published, name="published"),
    path("evaluation/<int:pk>/", views.evaluation, name="evaluation"),
    path("evaluation/<int:pk>/self-evaluation/", views.self_evaluation, name="self_evaluation"),
    path("evaluation/<int:pk>/decide/", views.decide, name="decide"),
    path("evaluation/panel/<int:pk>/", views.review, name="review"),
    path("evaluation/rectifications/", views.rectifications, name="rectifications"),
    path("evaluation/rectifications/<int:pk>/", views.rectification, name="rectification"),
]
