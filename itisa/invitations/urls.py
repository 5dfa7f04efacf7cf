from django.urls import path

from itisa.invitations import views

app_name = "invitations"

urlpatterns = [
    path("invitations/", views.invitation_list, name="list"),
    path("invitations/new/", views.invitation_create, name="create"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="resend"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="revoke"),
    path("invitations/accept/<str:secret>/", views.invitation_accept, name="accept"),
]
