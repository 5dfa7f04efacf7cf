"""What standards count for the yearly indicators (``itisa.core.indicators``; Art. 5 of
国科发政〔2008〕770号: the alliance drafts technical standards of its industry): the standards it published
in the year (by the publication day) and those approved for drafting in the year (the move to "approved",
Beijing time). One grouped query per indicator, whatever the number of alliances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import grouped, year_window
from itisa.standards.choices import Stage
from itisa.standards.models import StageChange, StandardProject

REFERENCE = "国科发政〔2008〕770号 第五条"


def published(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Standards (national, industry, local, group) published in the year, withdrawn since or not."""
    rows = StandardProject.objects.filter(alliance_id__in=alliance_ids, published_on__range=year_bounds(year))
    return grouped(alliance_ids, rows, "alliance_id", Count("pk"))


def approved_for_drafting(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Standards the decision body approved for drafting in the year."""
    start, end = year_window(year)
    rows = StageChange.objects.filter(
        standard__alliance_id__in=alliance_ids, new_status=Stage.APPROVED, at__gte=start, at__lt=end
    )
    return grouped(alliance_ids, rows, "standard__alliance_id", Count("standard", distinct=True))


INDICATORS = (
    Indicator(
        code="standards.published", name_zh="年度发布标准数", name_en="Standards published in the year",
        unit="count", dimension="results", compute=published, reference=REFERENCE, order=30,
    ),
    Indicator(
        code="standards.approved", name_zh="年度立项制定标准数", name_en="Standards approved for drafting in the year",
        unit="count", dimension="innovation", compute=approved_for_drafting, reference=REFERENCE, order=30,
    ),
)  # fmt: skip
