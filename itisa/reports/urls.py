from django.urls import path

from itisa.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_index, name="list"),
    path("reports/rounds/", views.round_index, name="rounds"),
    path("reports/compilation/<int:year>/", views.compilation_view, name="compilation"),
    path("alliances/<str:code>/reports/", views.alliance_reports, name="alliance"),
    path("alliances/<str:code>/reports/<int:year>/", views.report_detail, name="report"),
    path("alliances/<str:code>/reports/<int:year>/edit/", views.report_edit, name="edit"),
    path("alliances/<str:code>/reports/<int:year>/<str:action>/", views.report_move, name="move"),
]
