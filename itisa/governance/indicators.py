"""What governance counts for the yearly indicators (``itisa.core.indicators``; Art. 8(3) of
国科发政〔2008〕770号: decision, advisory and executive bodies with working decision mechanisms): meetings
held in the year, those of them that were quorate, and the motions passed. Moments are read in Beijing
time; one grouped query per indicator, whatever the number of alliances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet

from itisa.core.indicators import Indicator
from itisa.core.yearly import grouped, year_window
from itisa.governance.choices import MeetingStatus, MotionStatus
from itisa.governance.models import Meeting, Motion

REFERENCE = "国科发政〔2008〕770号 第八条(三)"


def _held(alliance_ids: Sequence[int], year: int) -> QuerySet[Meeting]:
    start, end = year_window(year)
    return Meeting.objects.filter(
        body__alliance_id__in=alliance_ids, status=MeetingStatus.HELD, starts_at__gte=start, starts_at__lt=end
    )


def meetings_held(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Meetings of any body of the alliance that began in the year and were held (minutes recorded)."""
    return grouped(alliance_ids, _held(alliance_ids, year), "body__alliance_id", Count("pk"))


def meetings_quorate(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Of the meetings held, those where a vote closed with its quorum met (the quorum is ascertained when
    a motion put to the meeting closes; a meeting that voted on nothing has no recorded quorum)."""
    quorate = Motion.objects.filter(meeting=OuterRef("pk"), status=MotionStatus.CLOSED, quorum_met=True)
    rows = _held(alliance_ids, year).filter(Exists(quorate))
    return grouped(alliance_ids, rows, "body__alliance_id", Count("pk"))


def motions_passed(alliance_ids: Sequence[int], year: int) -> dict[int, Decimal]:
    """Motions of the alliance's bodies closed as passed in the year (in a meeting or by ballot)."""
    start, end = year_window(year)
    rows = Motion.objects.filter(
        body__alliance_id__in=alliance_ids, status=MotionStatus.CLOSED, passed=True, closed_at__gte=start,
        closed_at__lt=end,
    )  # fmt: skip
    return grouped(alliance_ids, rows, "body__alliance_id", Count("pk"))


INDICATORS = (
    Indicator(
        code="governance.meetings", name_zh="年度召开会议次数", name_en="Meetings held in the year",
        unit="count", dimension="organisation", compute=meetings_held, reference=REFERENCE, order=20,
    ),
    Indicator(
        code="governance.meetings.quorate", name_zh="年度达到法定人数的会议次数",
        name_en="Quorate meetings in the year", unit="count", dimension="organisation",
        compute=meetings_quorate, reference=REFERENCE, order=21,
    ),
    Indicator(
        code="governance.motions.passed", name_zh="年度通过决议事项数", name_en="Motions passed in the year",
        unit="count", dimension="organisation", compute=motions_passed, reference=REFERENCE, order=22,
    ),
)  # fmt: skip
