"""Eligibility pages (Art. 8): an alliance's checklist and the officers' survey."""

from django.urls import path

from itisa.pilots.eligibility import views as views

app_name = "eligibility"
urlpatterns = [
    path("alliances/<str:code>/eligibility/", views.checklist, name="checklist"),
    path("alliances/<str:code>/eligibility/findings/", views.finding_add, name="finding_add"),
    path("alliances/<str:code>/eligibility/pdf/", views.checklist_pdf, name="checklist_pdf"),
    path("pilots/eligibility/", views.survey, name="survey"),
]
