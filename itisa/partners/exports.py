"""Columns of the partner search's Excel download."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils.translation import gettext_lazy

from itisa.core.exports import Column

PARTNER_COLUMNS: list[Column] = [
    (gettext_lazy("Unified social credit code"), attrgetter("uscc")),
    (gettext_lazy("Name (Chinese)"), attrgetter("name_zh")),
    (gettext_lazy("Name (English)"), attrgetter("name_en")),
    (gettext_lazy("Kind"), methodcaller("get_kind_display")),
    (gettext_lazy("Province"), methodcaller("get_province_display")),
    (gettext_lazy("Industry"), methodcaller("get_industry_display")),
    (gettext_lazy("Alliances"), lambda o: ", ".join(m.alliance.code for m in o.public_memberships)),
    (gettext_lazy("Catalogue entries"), attrgetter("catalogue_entries")),
]
