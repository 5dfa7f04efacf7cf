from django.urls import path

from itisa.licensing import views

app_name = "licensing"

urlpatterns = [
    path("alliances/<str:code>/licences/", views.licence_list, name="list"),
    path("alliances/<str:code>/licences/new/", views.licence_create, name="create"),
    path("alliances/<str:code>/licences/<str:licence>/", views.licence_detail, name="detail"),
    path(
        "alliances/<str:code>/licences/<str:licence>/receipts/<int:seq>/approve/",
        views.split_approve,
        name="approve",
    ),
    path("alliances/<str:code>/transfers/", views.transfer_list, name="transfers"),
    path("alliances/<str:code>/contracts/", views.contract_create, name="contract_create"),
    path("alliances/<str:code>/transfers/<str:transfer>/object/", views.transfer_object, name="object"),
    path("alliances/<str:code>/transfers/<str:transfer>/complete/", views.transfer_complete, name="complete"),
    path("alliances/<str:code>/statements/<str:uscc>/", views.statement, name="statement"),
]
