from django.urls import path

from itisa.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", views.dashboard, name="dashboard"),
    path("dashboards/alliances/", views.alliances, name="alliances"),
]
