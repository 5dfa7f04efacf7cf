from django.urls import path

from itisa.rating import views

app_name = "rating"

urlpatterns = [
    path("rating/schemes/", views.schemes, name="schemes"),
    path("rating/schemes/new/", views.scheme_edit, name="scheme_new"),
    path("rating/schemes/<int:year>/", views.scheme, name="scheme"),
    path("rating/schemes/<int:year>/edit/", views.scheme_edit, name="scheme_edit"),
    path("rating/schemes/<int:year>/copy/", views.scheme_copy, name="scheme_copy"),
    path("rating/campaigns/", views.campaigns, name="campaigns"),
    path("rating/campaigns/<int:year>/", views.campaign, name="campaign"),
    path("rating/campaigns/<int:year>/advance/", views.campaign_advance, name="advance"),
    path("rating/campaigns/<int:year>/<str:code>/", views.rating, name="rating"),
    path("rating/results/", views.results_index, name="results_index"),
    path("rating/results/<int:year>/", views.results, name="results"),
]
