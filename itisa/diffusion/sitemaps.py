"""The sitemap of the public catalogue: its search page and every published entry, in Chinese and at
/en/ (alternates), 5,000 entries a page behind a sitemap index."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from itisa.diffusion.models import SearchDoc


class CatalogueSitemap(Sitemap):  # type: ignore[type-arg]
    i18n = True
    alternates = True
    limit = 5000
    changefreq = "weekly"

    def items(self) -> Any:
        return SearchDoc.objects.only("id", "alliance_code", "result_code", "published_at").order_by("pk")

    def location(self, item: SearchDoc) -> str:
        return reverse("diffusion:entry", args=[item.alliance_code, item.result_code])

    def lastmod(self, item: SearchDoc) -> Any:
        return item.published_at


class CataloguePageSitemap(Sitemap):  # type: ignore[type-arg]
    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["diffusion:catalogue"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"catalogue": CataloguePageSitemap, "entries": CatalogueSitemap}
