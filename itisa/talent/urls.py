from django.urls import URLPattern

app_name = "talent"

urlpatterns: list[URLPattern] = []
