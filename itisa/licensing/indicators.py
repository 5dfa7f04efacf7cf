"""What licensing counts for the yearly indicators (``itisa.core.indicators``; Art. 5 and Art. 8(5) of
国科发政〔2008〕770号: licensing of results and the proceeds): licences granted in the year (by the day the
licence takes effect) and the licence revenue received in the year (receipts by the day received, yuan).
One grouped query per indicator, whatever the number of alliances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Sum

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import FEN, grouped
from itisa.licensing.models import Licence, Receipt

REFERENCE = "国科发政〔2008〕770号 第五条、第八条(五)"


def licences_granted(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Licences (to members or outside parties) whose term starts in the year."""
    rows = Licence.objects.filter(alliance_id__in=alliance_ids, starts_on__range=year_bounds(year))
    return grouped(alliance_ids, rows, "alliance_id", Count("pk"))


def revenue(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Upfront fees and royalties received in the year under the alliance's licences, in yuan."""
    rows = Receipt.objects.filter(licence__alliance_id__in=alliance_ids, received_on__range=year_bounds(year))
    return grouped(alliance_ids, rows, "licence__alliance_id", Sum("amount"), places=FEN)


INDICATORS = (
    Indicator(
        code="licensing.licences", name_zh="年度成果许可数", name_en="Licences granted in the year",
        unit="count", dimension="results", compute=licences_granted, reference=REFERENCE, order=20,
    ),
    Indicator(
        code="licensing.revenue", name_zh="年度许可收入", name_en="Licence revenue received in the year",
        unit="yuan", dimension="results", compute=revenue, reference=REFERENCE, order=21,
    ),
)  # fmt: skip
