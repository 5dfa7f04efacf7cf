"""Columns of the key problems' Excel download."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils import timezone
from django.utils.translation import gettext_lazy

from itisa.core.exports import Column
from itisa.promotion.choices import body_label

PROBLEM_COLUMNS: list[Column] = [
    (gettext_lazy("Id"), attrgetter("pk")),
    (gettext_lazy("Title (Chinese)"), attrgetter("title_zh")),
    (gettext_lazy("Title (English)"), attrgetter("title_en")),
    (gettext_lazy("Published by"), lambda p: body_label(p.body_kind, p.body_code)),
    (gettext_lazy("Industry"), methodcaller("get_industry_display")),
    (gettext_lazy("Province"), methodcaller("get_province_display")),
    (gettext_lazy("Technology keywords"), attrgetter("keywords")),
    (gettext_lazy("Status"), methodcaller("get_status_display")),
    (gettext_lazy("Published at"), lambda p: timezone.localdate(p.published_at) if p.published_at else None),
    (gettext_lazy("Description"), attrgetter("description")),
]
