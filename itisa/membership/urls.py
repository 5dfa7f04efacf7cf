"""Membership pages."""

from django.urls import include, path

from itisa.membership import views
from itisa.membership.admission import views as admission_views
from itisa.membership.breach import urls as breach_urls
from itisa.membership.dues import urls as dues_urls

app_name = "membership"
urlpatterns = [
    path("alliances/<str:code>/members/add/", views.member_add, name="member_add"),
    path("alliances/<str:code>/members/import/", views.member_import, name="member_import"),
    path("alliances/<str:code>/members/template.xlsx", views.member_template, name="member_template"),
    path("alliances/<str:code>/members/<int:pk>/end/", views.member_end, name="member_end"),
    path("alliances/<str:code>/members/<int:pk>/rank/", views.member_rank, name="member_rank"),
    path("alliances/<str:code>/apply/", admission_views.apply, name="apply"),
    path("alliances/<str:code>/applications/", admission_views.queue, name="applications"),
    path("applications/", admission_views.mine, name="my_applications"),
    path("applications/<int:pk>/", admission_views.application, name="application"),
    path("applications/<int:pk>/review/", admission_views.application_review, name="application_review"),
    path("applications/<int:pk>/reject/", admission_views.application_reject, name="application_reject"),
    path(
        "applications/<int:pk>/withdraw/", admission_views.application_withdraw, name="application_withdraw"
    ),
    path("applications/<int:pk>/vote/", admission_views.application_vote, name="application_vote"),
    path(
        "applications/<int:pk>/accession/",
        admission_views.application_accession,
        name="application_accession",
    ),
    path(
        "applications/<int:pk>/activate/", admission_views.application_activate, name="application_activate"
    ),
    path("alliances/<str:code>/members/<int:pk>/exit/", admission_views.exit_give, name="exit_give"),
    path("alliances/<str:code>/members/<int:pk>/expel/", admission_views.expel, name="expel"),
    path("alliances/<str:code>/exits/", admission_views.exits, name="exits"),
    path(
        "alliances/<str:code>/exits/<int:pk>/complete/", admission_views.exit_complete, name="exit_complete"
    ),
    path("expulsions/<int:pk>/", admission_views.expulsion, name="expulsion"),
    path("expulsions/<int:pk>/claim/", admission_views.claim_book, name="claim_book"),
    path("", include(dues_urls.urlpatterns)),
    path("", include(breach_urls.urlpatterns)),
]
