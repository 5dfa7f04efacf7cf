from django.urls import URLPattern

app_name = "financing"

urlpatterns: list[URLPattern] = []
