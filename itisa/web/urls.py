"""Shared pages: home, login, audit history, API tokens."""

from django.urls import path

from itisa.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("language/", views.language, name="language"),
    path("audit/<str:object_type>/<int:object_id>/", views.audit_history, name="audit_history"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
