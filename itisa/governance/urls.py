"""Governance pages."""

from django.urls import path

from itisa.governance import views
from itisa.governance.decisions import views as decision_views

app_name = "governance"
urlpatterns = [
    path("alliances/<str:code>/governance/", views.governance, name="governance"),
    path("alliances/<str:code>/governance/bodies/", views.body_add, name="body_add"),
    path("alliances/<str:code>/governance/bodies/<int:pk>/seats/", views.seat_add, name="seat_add"),
    path("alliances/<str:code>/governance/bodies/<int:pk>/rules/", views.rules_adopt, name="rules_adopt"),
    path("alliances/<str:code>/governance/seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("alliances/<str:code>/governance/staff/", views.staff_add, name="staff_add"),
    path("alliances/<str:code>/governance/staff/<int:pk>/end/", views.staff_end, name="staff_end"),
    path("alliances/<str:code>/governance/liability/", views.liability, name="liability"),
]
urlpatterns += [
    path("alliances/<str:code>/governance/meetings/", decision_views.meetings, name="meetings"),
    path("alliances/<str:code>/governance/meetings/new/", decision_views.meeting_add, name="meeting_add"),
    path("alliances/<str:code>/governance/meetings.ics", decision_views.meetings_ics, name="meetings_ics"),
    path("alliances/<str:code>/governance/motions/", decision_views.motions, name="motions"),
    path("alliances/<str:code>/governance/motions/new/", decision_views.motion_add, name="motion_add"),
    path("governance/meetings/<int:pk>/", decision_views.meeting, name="meeting"),
    path(
        "governance/meetings/<int:pk>/attendance/",
        decision_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("governance/meetings/<int:pk>/minutes/", decision_views.meeting_minutes, name="meeting_minutes"),
    path(
        "governance/meetings/<int:pk>/minutes/object/",
        decision_views.meeting_minutes_object,
        name="meeting_minutes_object",
    ),
    path("governance/meetings/<int:pk>/proxies/", decision_views.meeting_proxy, name="meeting_proxy"),
    path(
        "governance/meetings/<int:pk>/minutes.pdf",
        decision_views.meeting_minutes_pdf,
        name="meeting_minutes_pdf",
    ),
    path("governance/meetings/<int:pk>/cancel/", decision_views.meeting_cancel, name="meeting_cancel"),
    path("governance/meetings/<int:pk>.ics", decision_views.meeting_ics, name="meeting_ics"),
    path("governance/motions/<int:pk>/", decision_views.motion, name="motion"),
    path("governance/motions/<int:pk>/vote/", decision_views.motion_vote, name="motion_vote"),
    path("governance/motions/<int:pk>/close/", decision_views.motion_close, name="motion_close"),
    path("governance/motions/<int:pk>/withdraw/", decision_views.motion_withdraw, name="motion_withdraw"),
    path(
        "governance/motions/<int:pk>/resolution/assign/",
        decision_views.resolution_assign,
        name="resolution_assign",
    ),
    path(
        "governance/motions/<int:pk>/resolution/veto/",
        decision_views.resolution_veto,
        name="resolution_veto",
    ),
    path(
        "governance/motions/<int:pk>/resolution/update/",
        decision_views.resolution_update,
        name="resolution_update",
    ),
]
