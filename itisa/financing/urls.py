from django.urls import path

from itisa.financing import views

app_name = "financing"

urlpatterns = [
    path("alliances/<str:code>/financing/", views.need_list, name="needs"),
    path("alliances/<str:code>/financing/needs/new/", views.need_create, name="need_create"),
    path("alliances/<str:code>/financing/needs/<str:need>/", views.need_detail, name="need"),
    path("alliances/<str:code>/financing/needs/<str:need>/submit/", views.need_submit, name="submit"),
    path(
        "alliances/<str:code>/financing/needs/<str:need>/recommend/", views.need_recommend, name="recommend"
    ),
    path("alliances/<str:code>/financing/needs/<str:need>/responses/", views.response_record, name="respond"),
    path("alliances/<str:code>/financing/needs/<str:need>/close/", views.need_close, name="close"),
    path("alliances/<str:code>/financing/lines/", views.line_list, name="lines"),
    path("alliances/<str:code>/financing/lines/new/", views.line_create, name="line_create"),
    path("alliances/<str:code>/financing/lines/<str:line>/", views.line_detail, name="line"),
    path(
        "alliances/<str:code>/financing/lines/<str:line>/drawdowns/", views.drawdown_record, name="drawdown"
    ),
    path(
        "alliances/<str:code>/financing/lines/<str:line>/repayments/",
        views.repayment_record,
        name="repayment",
    ),
]
