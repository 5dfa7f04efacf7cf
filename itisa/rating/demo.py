"""The demo's activity rating (``itisa demo load``): the 2024 scheme and the 2025 scheme copied from it and
changed slightly (as the real schemes changed from year to year); each demo alliance's secretariat enters its
2024 and 2025 dynamic data (self-reported, with evidence; CDU leaves one indicator empty and is not rated);
the 2024 campaign reviewed by two groups of the pilot program's experts (an adjustment, a dispute decided by
the plenary) and published; the 2025 campaign opened and in its first review. Illustrative figures."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from itisa.accounts.models import User
from itisa.accounts.services import role_grant
from itisa.indicators.services import indicator_value_report
from itisa.pilots.models import Expert
from itisa.rating import services
from itisa.rating.models import Rating, Scheme
from itisa.registry.models import Alliance

BANDS = [
    {"code": "high", "name_zh": "高", "name_en": "High", "lower": "86"},
    {"code": "fairly_high", "name_zh": "较高", "name_en": "Fairly high", "lower": "75"},
    {"code": "average", "name_zh": "一般", "name_en": "Average", "lower": "65"},
    {"code": "low", "name_zh": "较差/不活跃", "name_en": "Low / inactive", "lower": "0"},
]

SCHEME_2024: dict[str, Any] = {
    "dimensions": [
        {"code": "organisation", "name_zh": "组织建设与运行", "name_en": "Organisation building and operation",
         "weight": "30", "indicators": [
             {"code": "reported.bulletins", "weight": "60", "rule": "linear", "floor": "0", "target": "12"},
             {"code": "reported.fulltime_staff", "weight": "40", "rule": "linear", "floor": "0", "target": "5"},
         ]},
        {"code": "innovation", "name_zh": "协同创新", "name_en": "Collaborative innovation", "weight": "40",
         "indicators": [
             {"code": "reported.rd_investment", "weight": "60", "rule": "linear", "floor": "0",
              "target": "50000000"},
             {"code": "reported.transfers_outside", "weight": "40", "rule": "linear", "floor": "0", "target": "10"},
         ]},
        {"code": "industry", "name_zh": "产业影响", "name_en": "Effect on the industry", "weight": "30",
         "indicators": [
             {"code": "reported.industry_events", "weight": "100", "rule": "linear", "floor": "0", "target": "8"},
         ]},
    ],
    "bands": BANDS,
}  # fmt: skip

# bulletins, staff, joint R&D spending (yuan), transfers outside, industry events; None: not entered
VALUES: dict[str, dict[int, tuple[str | None, ...]]] = {
    "CSA": {2024: ("12", "6", "62000000.00", "11", "9"), 2025: ("12", "6", "65000000.00", "12", "10")},
    "NCCI": {2024: ("10", "4", "38000000.00", "7", "6"), 2025: ("11", "4", "40000000.00", "8", "7")},
    "SRPA": {2024: ("8", "3", "21000000.00", "5", "5"), 2025: ("9", "3", "25000000.00", "5", "6")},
    "AEA": {2024: ("6", "2", "9000000.00", "2", "3"), 2025: ("6", "2", "12000000.00", "3", "4")},
    "CDU": {2024: ("4", "1", None, "1", "2"), 2025: ("5", "2", "3000000.00", "1", "2")},
}
CODES = ("reported.bulletins", "reported.fulltime_staff", "reported.rd_investment", "reported.transfers_outside",
         "reported.industry_events")  # fmt: skip
EVIDENCE = "联盟%(year)d年度工作总结及动态信息报表（演示）"


def _secretariat(alliance: Alliance, csa_secretariat: Any, make_user: Callable[[str], Any]) -> Any:
    """The alliance's secretariat account (CSA's is the demo's ``secretariat``)."""
    if alliance.code == "CSA":
        return csa_secretariat
    username = f"secretariat-{alliance.code.lower()}"
    known = User.objects.filter(username=username).exists()
    user = make_user(username)
    if not known:
        role_grant(by=None, user=user, role="secretariat", alliance=alliance)
    return user


def _report(alliances: dict[str, Alliance], csa_secretariat: Any, make_user: Callable[[str], Any]) -> None:
    for code, years in VALUES.items():
        alliance = alliances.get(code)
        if alliance is None:
            continue
        by = _secretariat(alliance, csa_secretariat, make_user)
        for year, values in years.items():
            for indicator, value in zip(CODES, values, strict=True):
                if value is not None:
                    indicator_value_report(alliance=alliance, year=year, code=indicator, value=value, by=by,
                                           evidence=EVIDENCE % {"year": year})  # fmt: skip


def _rating(code: str) -> Rating:
    return Rating.objects.select_related("campaign").get(campaign__year=2024, alliance__code=code)


@transaction.atomic
def load_demo_rating(
    *, national: Any, csa_secretariat: Any, reviewers: tuple[Any, Any], make_user: Callable[[str], Any]
) -> int:
    """Once (nothing when the 2024 scheme exists); returns the number of alliances rated in 2024."""
    if Scheme.objects.filter(year=2024).exists():
        return 0
    alliances = {a.code: a for a in Alliance.objects.filter(code__in=list(VALUES))}
    _report(alliances, csa_secretariat, make_user)
    first = services.scheme_create(by=national, year=2024, title="2024年度试点联盟活跃度评价方案（演示）",
                                   definition=copy.deepcopy(SCHEME_2024))  # fmt: skip
    second = services.scheme_copy(by=national, source=first, year=2025)
    changed = copy.deepcopy(SCHEME_2024)
    changed["dimensions"][0]["weight"], changed["dimensions"][1]["weight"] = "25", "45"
    changed["dimensions"][1]["indicators"][0]["target"] = "60000000"
    services.scheme_update(by=national, scheme=second, title=second.title, definition=changed)

    experts = [Expert.objects.filter(user=r).first() for r in reviewers]
    groups = [[e] for e in experts if e is not None]
    campaign = services.campaign_create(by=national, year=2024, groups=groups)
    campaign = services.campaign_advance(by=national, campaign=campaign, comment="2024年度活跃度评价启动")
    rated = {
        r.alliance.code: r
        for r in Rating.objects.filter(campaign=campaign, rated=True).select_related("alliance")
    }
    if len(groups) == 2 and {"CSA", "NCCI", "SRPA", "AEA"} <= set(rated):
        g = {r.alliance.code: reviewers[(r.group or 1) - 1] for r in rated.values()}
        services.review_record(by=g["SRPA"], rating=_rating("SRPA"), verdict="adjust", dimension="industry",
                               score=Decimal("80.00"), reason="补充提交的行业培训活动记录经核实，产业影响得分上调。")  # fmt: skip
        campaign = services.campaign_advance(by=national, campaign=campaign)
        cross = {code: reviewers[1] if g[code] == reviewers[0] else reviewers[0] for code in rated}
        for code in sorted(rated):
            if code == "SRPA":
                services.review_record(by=cross[code], rating=_rating(code), verdict="dispute",
                                       reason="上调幅度缺少活动参与人数等佐证，提请全体会议审议。")  # fmt: skip
            else:
                services.review_record(by=cross[code], rating=_rating(code), verdict="confirm")
        campaign = services.campaign_advance(by=national, campaign=campaign)
        services.review_record(by=national, rating=_rating("SRPA"), verdict="decide", score=Decimal("70.50"),
                               reason="全体会议审议：认可部分补充材料，最终得分定为70.50。")  # fmt: skip
        services.campaign_advance(by=national, campaign=campaign, comment="2024年度活跃度评价结果发布")
    later = services.campaign_create(by=national, year=2025, groups=groups)
    services.campaign_advance(by=national, campaign=later, comment="2025年度活跃度评价启动")
    return len(rated)
