"""Root URL configuration: wiring only."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import URLPattern, URLResolver, include, path

from itisa.api.urls import urlpatterns as api_urlpatterns
from itisa.diffusion.sitemaps import SITEMAPS
from itisa.notifications.views import calendar_feed
from itisa.web.views import favicon

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(api_urlpatterns)),
    path("favicon.ico", favicon, name="favicon"),
    # a user's private feed: read by calendar programs, in its owner's language whatever the URL
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    # the public catalogue for search engines: an index of sections, each paged
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),  # fmt: skip
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
    path("", include("itisa.projects.urls", namespace="projects")),
    path("", include("itisa.results.urls", namespace="results")),
    path("", include("itisa.licensing.urls", namespace="licensing")),
    path("", include("itisa.diffusion.urls", namespace="diffusion")),
    path("", include("itisa.dashboards.urls", namespace="dashboards")),
    path("", include("itisa.partners.urls", namespace="partners")),
    path("", include("itisa.standards.urls", namespace="standards")),
    path("", include("itisa.platforms.urls", namespace="platforms")),
    path("", include("itisa.talent.urls", namespace="talent")),
    path("", include("itisa.financing.urls", namespace="financing")),
    path("", include("itisa.indicators.urls", namespace="indicators")),
    path("", include("itisa.reports.urls", namespace="reports")),
    path("", include("itisa.evaluation.urls", namespace="evaluation")),
    path("", include("itisa.rating.urls", namespace="rating")),
    path("", include("itisa.notifications.urls", namespace="notifications")),
    path("", include("itisa.invitations.urls", namespace="invitations")),
    path("", include("itisa.founding.urls", namespace="founding")),
    path("", include("itisa.representatives.urls", namespace="representatives")),
    path("", include("itisa.promotion.urls", namespace="promotion")),
    path("", include("itisa.web.urls", namespace="web")),
    prefix_default_language=False,
)
