"""Pilot-program pages: calls, applications, recommendations, expert review, decisions."""

from django.urls import path

from itisa.pilots import application_views, review_views, views

app_name = "pilots"
urlpatterns = [
    path("pilots/", views.call_list, name="calls"),
    path("pilots/calls/new/", views.call_create, name="call_create"),
    path("pilots/calls/<int:pk>/", views.call_detail, name="call"),
    path("pilots/calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("pilots/calls/<int:pk>/open/", views.call_open, name="call_open"),
    path("pilots/calls/<int:pk>/close/", views.call_close, name="call_close"),
    path("pilots/calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("pilots/calls/<int:pk>/apply/", application_views.apply, name="apply"),
    path("pilots/calls/<int:pk>/applications/", views.queue, name="call_applications"),
    path("pilots/calls/<int:pk>/list/", views.published, name="published"),
    path("pilots/calls/<int:pk>/list.xlsx", views.published_xlsx, name="published_xlsx"),
    path("pilots/calls/<int:pk>/list.pdf", views.published_pdf, name="published_pdf"),
    path("pilots/dashboard/", views.office_dashboard, name="dashboard"),
    path("pilots/applications/", views.queue, name="applications"),
    path("pilots/applications/<int:pk>/", application_views.application, name="application"),
    path("pilots/applications/<int:pk>/materials/", application_views.material_add, name="material_add"),
    path(
        "pilots/applications/<int:pk>/materials/<int:material_pk>/",
        application_views.material_download,
        name="material",
    ),
    path(
        "pilots/applications/<int:pk>/recommendations/<int:recommendation_pk>/letter/",
        application_views.recommendation_letter_download,
        name="recommendation_letter",
    ),
    path("pilots/applications/<int:pk>/submit/", application_views.submit, name="submit"),
    path("pilots/applications/<int:pk>/move/<str:status>/", application_views.move, name="move"),
    path("pilots/applications/<int:pk>/return/", application_views.return_, name="return"),
    path("pilots/applications/<int:pk>/recommend/", application_views.recommend, name="recommend"),
    path("pilots/applications/<int:pk>/assign/", application_views.assign, name="assign"),
    path("pilots/applications/<int:pk>/decide/", application_views.decide, name="decide"),
    path("pilots/experts/", review_views.experts, name="experts"),
    path("pilots/experts/import/", review_views.expert_import, name="expert_import"),
    path("pilots/experts/template.xlsx", review_views.expert_template, name="expert_template"),
    path("pilots/experts/<int:pk>/remove/", review_views.expert_remove, name="expert_remove"),
    path("pilots/reviews/", review_views.my_reviews, name="my_reviews"),
    path("pilots/reviews/<int:pk>/", review_views.review, name="review"),
]
