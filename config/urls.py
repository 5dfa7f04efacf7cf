"""Root URL configuration: wiring only."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from itisa.api.urls import urlpatterns as api_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(api_urlpatterns)),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("itisa.registry.urls", namespace="registry")),
    path("", include("itisa.membership.urls", namespace="membership")),
    path("", include("itisa.agreements.urls", namespace="agreements")),
    path("", include("itisa.governance.urls", namespace="governance")),
    path("", include("itisa.ledger.urls", namespace="ledger")),
    path("", include("itisa.pilots.eligibility.urls", namespace="eligibility")),
    path("", include("itisa.pilots.urls", namespace="pilots")),
    path("", include("itisa.notifications.urls", namespace="notifications")),
    path("", include("itisa.web.urls", namespace="web")),
    prefix_default_language=False,
)
