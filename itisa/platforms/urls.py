from django.urls import URLPattern

app_name = "platforms"

urlpatterns: list[URLPattern] = []
