"""What talent counts for the yearly indicators (``itisa.core.indicators``; Art. 5 of 国科发政〔2008〕770号:
the alliance trains and exchanges talent among its members): the joint training programmes running in the
year, the people they trained (actual participants, or the planned number while no outcome is recorded)
and the staff exchanges running in the year — the figures of ``talent_statistics``. One grouped query per
indicator, whatever the number of alliances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import grouped
from itisa.talent.models import Exchange, Programme

REFERENCE = "国科发政〔2008〕770号 第五条"


def _running(year: int) -> Q:
    start, end = year_bounds(year)
    return Q(starts_on__lte=end, ends_on__gte=start)


def programmes(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Training programmes whose period touches the year."""
    rows = Programme.objects.filter(_running(year), alliance_id__in=alliance_ids)
    return grouped(alliance_ids, rows, "alliance_id", Count("pk"))


def trained(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """People trained by those programmes."""
    rows = Programme.objects.filter(_running(year), alliance_id__in=alliance_ids)
    return grouped(
        alliance_ids, rows, "alliance_id", Sum(Coalesce("actual_participants", "planned_participants"))
    )


def exchanges(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Staff exchanges between members whose period touches the year."""
    rows = Exchange.objects.filter(_running(year), alliance_id__in=alliance_ids)
    return grouped(alliance_ids, rows, "alliance_id", Count("pk"))


INDICATORS = (
    Indicator(
        code="talent.programmes", name_zh="年度联合培养项目数", name_en="Joint training programmes in the year",
        unit="count", dimension="service", compute=programmes, reference=REFERENCE, order=20,
    ),
    Indicator(
        code="talent.trained", name_zh="年度培养人才数", name_en="People trained in the year",
        unit="count", dimension="service", compute=trained, reference=REFERENCE, order=21,
    ),
    Indicator(
        code="talent.exchanges", name_zh="年度人员交流次数", name_en="Staff exchanges in the year",
        unit="count", dimension="service", compute=exchanges, reference=REFERENCE, order=22,
    ),
)  # fmt: skip
