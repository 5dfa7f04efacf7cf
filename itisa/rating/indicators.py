"""Indicators of the activity rating's dynamic data that no domain record counts: the alliance enters them
with evidence (self-reported), as it filled in the dynamic-information database of the pilot program."""

from __future__ import annotations

from itisa.core.indicators import Indicator, none, register_indicators

REF = "试点联盟活跃度评价（联络组，2013–2021）动态信息"

RATING_INDICATORS = (
    Indicator("rating.bulletins", "报送工作简报（期）", "Work bulletins sent to the liaison group", "count",
              "organisation", none, self_reported=True, reference=REF, order=90),
    Indicator("rating.fulltime_staff", "秘书处专职人员（人）", "Full-time secretariat staff", "count",
              "organisation", none, self_reported=True, reference=REF, order=91),
    Indicator("rating.joint_rd_spending", "成员联合研发投入（元）", "Members' spending on joint R&D", "yuan",
              "innovation", none, self_reported=True, reference=REF, order=90),
    Indicator("rating.transfers_outside", "向联盟外转移转化成果（项）", "Results transferred outside the alliance",
              "count", "results", none, self_reported=True, reference=REF, order=90),
    Indicator("rating.industry_events", "面向行业的交流服务活动（次）", "Exchange and service events for the industry",
              "count", "service", none, self_reported=True, reference=REF, order=90),
)  # fmt: skip


def register() -> None:
    register_indicators(*RATING_INDICATORS)
