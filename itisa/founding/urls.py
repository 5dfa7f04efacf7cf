from django.urls import path

from itisa.founding import views

app_name = "founding"

urlpatterns = [
    path("founding/", views.proposal_list, name="list"),
    path("founding/new/", views.proposal_create, name="create"),
    path("founding/queue/", views.proposal_queue, name="queue"),
    path("founding/<int:pk>/", views.proposal_detail, name="detail"),
    path("founding/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("founding/<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("founding/<int:pk>/accept/", views.proposal_accept, name="accept"),
    path("founding/<int:pk>/return/", views.proposal_return, name="return"),
]
