from django.urls import path

from itisa.platforms import views

app_name = "platforms"

urlpatterns = [
    path("alliances/<str:code>/platforms/", views.platform_list, name="list"),
    path("alliances/<str:code>/platforms/new/", views.platform_create, name="create"),
    path("alliances/<str:code>/platforms/import/", views.platform_import, name="import"),
    path("alliances/<str:code>/platforms/import/template/", views.import_template, name="template"),
    path("alliances/<str:code>/platforms/statistics/", views.statistics, name="statistics"),
    path("alliances/<str:code>/platforms/<str:platform>/", views.platform_detail, name="detail"),
    path(
        "alliances/<str:code>/platforms/<str:platform>/status/<str:target>/", views.platform_move, name="move"
    ),
    path(
        "alliances/<str:code>/platforms/<str:platform>/bookings/<int:seq>/",
        views.booking_detail,
        name="booking",
    ),
    path(
        "alliances/<str:code>/platforms/<str:platform>/bookings/<int:seq>/cancel/",
        views.booking_cancel,
        name="cancel",
    ),
]
