"""What diffusion counts for the yearly indicators (``itisa.core.indicators``; Art. 8(6) of
国科发政〔2008〕770号: results of government-funded projects must be diffused beyond the alliance): the
diffusion obligations whose deadline falls in the year, and the share of them met in time (met on or
before the deadline, whenever it was recorded), in percent to two places.

An alliance with no obligation due in the year has no share: 100.00 would praise it for nothing and 0.00
blame it for nothing, so the system returns no value and the indicator stays empty for it (it is not
self-reported either: there is nothing to report). The count of obligations due is 0 for it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from itisa.core.indicators import Indicator, year_bounds
from itisa.core.yearly import FEN, per_alliance
from itisa.diffusion.models import Obligation

REFERENCE = "国科发政〔2008〕770号 第八条(六)"


def _due(alliance_ids: Sequence[int], year: int) -> list[tuple[int, int, int]]:
    return list(
        Obligation.objects.filter(alliance_id__in=alliance_ids, deadline__range=year_bounds(year))
        .values("alliance_id")
        .annotate(due=Count("pk"), in_time=Count("pk", filter=Q(met_on__lte=F("deadline"))))
        .order_by()
        .values_list("alliance_id", "due", "in_time")
    )


def obligations_due(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Obligations whose deadline falls in the year."""
    return per_alliance(alliance_ids, ((aid, due) for aid, due, _in_time in _due(alliance_ids, year)))


def met_in_time(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Of those, the share met by the deadline, in percent (only alliances with one due)."""
    return {
        aid: (Decimal(100) * in_time / due).quantize(FEN, rounding=ROUND_HALF_UP)
        for aid, due, in_time in _due(alliance_ids, year)
        if due
    }


INDICATORS = (
    Indicator(
        code="diffusion.due", name_zh="年度到期成果扩散义务数", name_en="Diffusion obligations due in the year",
        unit="count", dimension="results", compute=obligations_due, reference=REFERENCE, order=40,
    ),
    Indicator(
        code="diffusion.in_time", name_zh="成果扩散义务按期履行率", name_en="Diffusion obligations met in time",
        unit="percent", dimension="results", compute=met_in_time, reference=REFERENCE, order=41,
    ),
)  # fmt: skip
