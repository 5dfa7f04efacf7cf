from django.urls import path

from itisa.diffusion import views

app_name = "diffusion"

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/open-data.<str:fmt>", views.open_data, name="open_data"),
    path("catalogue/<str:code>/<str:result>/", views.catalogue_entry, name="entry"),
    path("diffusion/", views.overview, name="overview"),
    path("diffusion/departments/<str:name>/", views.department, name="department"),
    path("alliances/<str:code>/diffusion/", views.obligations, name="obligations"),
    path("alliances/<str:code>/diffusion/<str:result>/record/", views.diffusion_create, name="record"),
    path("alliances/<str:code>/catalogue/", views.listings, name="listings"),
    path("alliances/<str:code>/catalogue/enquiries/", views.enquiries, name="messages"),
    path("alliances/<str:code>/catalogue/<str:result>/", views.listing_edit, name="listing"),
    path("alliances/<str:code>/catalogue/<str:result>/<str:to>/", views.listing_move, name="move"),
]
