from django.urls import path

from itisa.representatives import views

app_name = "representatives"

urlpatterns = [
    path("organisations/<str:uscc>/representatives/", views.representation_page, name="page"),
    path("organisations/<str:uscc>/representatives/apply/", views.appointment_apply, name="apply"),
    path("organisations/<str:uscc>/representatives/name/", views.function_name, name="name"),
    path("organisations/<str:uscc>/representatives/remove/", views.function_remove, name="remove"),
    path("representatives/<int:pk>/", views.appointment_detail, name="decide"),
    path("representatives/<int:pk>/confirm/", views.appointment_confirm, name="confirm"),
    path("representatives/<int:pk>/reject/", views.appointment_reject, name="reject"),
]
