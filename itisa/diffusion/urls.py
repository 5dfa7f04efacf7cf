from django.urls import URLPattern

app_name = "diffusion"

urlpatterns: list[URLPattern] = []
