"""Columns of the registry's Excel exports."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils.translation import gettext_lazy

from itisa.core.exports import Column

ALLIANCE_COLUMNS: list[Column] = [
    (gettext_lazy("Short code"), attrgetter("code")),
    (gettext_lazy("Name (Chinese)"), attrgetter("name_zh")),
    (gettext_lazy("Name (English)"), attrgetter("name_en")),
    (gettext_lazy("Scope"), methodcaller("get_scope_display")),
    (gettext_lazy("Province"), methodcaller("get_province_display")),
    (gettext_lazy("Status"), methodcaller("get_status_display")),
    (gettext_lazy("Key area"), methodcaller("get_key_area_display")),
    (gettext_lazy("Strategic emerging industry"), methodcaller("get_emerging_industry_display")),
    (gettext_lazy("Industry"), methodcaller("get_industry_display")),
    (gettext_lazy("Founding date"), attrgetter("founded_on")),
    (gettext_lazy("Host unit"), lambda a: a.host_unit.name_zh if a.host_unit else ""),
]
# No contact details: the export is for everyone who may see the list.
ORGANISATION_COLUMNS: list[Column] = [
    (gettext_lazy("Unified social credit code"), attrgetter("uscc")),
    (gettext_lazy("Name (Chinese)"), attrgetter("name_zh")),
    (gettext_lazy("Name (English)"), attrgetter("name_en")),
    (gettext_lazy("Kind"), methodcaller("get_kind_display")),
    (gettext_lazy("Ownership"), methodcaller("get_ownership_display")),
    (gettext_lazy("Province"), methodcaller("get_province_display")),
    (gettext_lazy("Region code (GB/T 2260)"), attrgetter("region_code")),
    (gettext_lazy("Industry"), methodcaller("get_industry_display")),
]
