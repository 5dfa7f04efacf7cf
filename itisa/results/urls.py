from django.urls import path

from itisa.results import views

app_name = "results"

urlpatterns = [
    path("alliances/<str:code>/results/", views.result_list, name="list"),
    path("alliances/<str:code>/results/new/", views.result_create, name="create"),
    path("alliances/<str:code>/results/import/", views.result_import, name="import"),
    path("alliances/<str:code>/results/template.xlsx", views.import_template, name="template"),
    path("alliances/<str:code>/background-ip/new/", views.background_create, name="background_create"),
    path("results/<int:pk>/", views.result_detail, name="detail"),
    path("results/<int:pk>/owners/", views.owners_change, name="owners"),
    path("results/<int:pk>/move/<str:to>/", views.result_move, name="move"),
    path("results/<int:pk>/public/", views.result_public, name="public"),
    path("results/<int:pk>/access/new/", views.access_request_create, name="access_request"),
    path("results/access/<int:pk>/", views.access_decide, name="access_decide"),
]
