from django.urls import path

from itisa.indicators import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.registry, name="registry"),
    path("alliances/<str:code>/indicators/<int:year>/", views.table, name="table"),
    path("alliances/<str:code>/indicators/<int:year>/record/", views.record, name="record"),
    path("alliances/<str:code>/indicators/<int:year>/<str:indicator_code>/", views.history, name="history"),
]
