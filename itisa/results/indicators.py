"""What the results register counts for the yearly indicators (``itisa.core.indicators``; Art. 8(5) of
国科发政〔2008〕770号: the results and IP of the alliance's work): patent applications filed and patents
granted in the year (invention, utility model, design; by the office's dates) and the results registered
in the year (the register's first entry, Beijing time). One grouped query per indicator."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import grouped, year_window
from itisa.results.choices import PATENT_KINDS
from itisa.results.models import Result, ResultStatusChange

REFERENCE = "国科发政〔2008〕770号 第八条(五)"


def _patents(alliance_ids: Sequence[int], year: int, date_field: str) -> dict[int, Decimal]:
    in_year = {f"{date_field}__range": year_bounds(year)}
    rows = Result.objects.filter(alliance_id__in=alliance_ids, kind__in=PATENT_KINDS, **in_year)
    return grouped(alliance_ids, rows, "alliance_id", Count("pk"))


def patents_filed(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Patent applications filed in the year (by the filing day)."""
    return _patents(alliance_ids, year, "filed_on")


def patents_granted(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Patents granted in the year (by the day of grant)."""
    return _patents(alliance_ids, year, "granted_on")


def registered(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Results of every kind entered in the register in the year (the first move of their history)."""
    start, end = year_window(year)
    rows = ResultStatusChange.objects.filter(
        result__alliance_id__in=alliance_ids, old_status="", at__gte=start, at__lt=end
    )
    return grouped(alliance_ids, rows, "result__alliance_id", Count("result", distinct=True))


INDICATORS = (
    Indicator(
        code="results.patents.filed", name_zh="年度专利申请数", name_en="Patent applications filed in the year",
        unit="count", dimension="results", compute=patents_filed, reference=REFERENCE, order=10,
    ),
    Indicator(
        code="results.patents.granted", name_zh="年度专利授权数", name_en="Patents granted in the year",
        unit="count", dimension="results", compute=patents_granted, reference=REFERENCE, order=11,
    ),
    Indicator(
        code="results.registered", name_zh="年度登记成果数", name_en="Results registered in the year",
        unit="count", dimension="results", compute=registered, reference=REFERENCE, order=12,
    ),
)  # fmt: skip
