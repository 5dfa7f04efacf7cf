from django.urls import path

from itisa.talent import views

app_name = "talent"

urlpatterns = [
    path("alliances/<str:code>/talent/", views.programme_list, name="programmes"),
    path("alliances/<str:code>/talent/programmes/new/", views.programme_create, name="programme_create"),
    path("alliances/<str:code>/talent/programmes/<str:programme>/", views.programme_detail, name="programme"),
    path("alliances/<str:code>/talent/exchanges/", views.exchange_list, name="exchanges"),
    path("alliances/<str:code>/talent/exchanges/new/", views.exchange_create, name="exchange_create"),
    path("alliances/<str:code>/talent/exchanges/import/", views.exchange_import, name="import"),
    path("alliances/<str:code>/talent/exchanges/template/", views.import_template, name="template"),
    path("alliances/<str:code>/talent/exchanges/<str:exchange>/", views.exchange_detail, name="exchange"),
]
