"""The indicators only the alliance can give (the dynamic-information database's self-entered items):
the system holds no record of them, so ``compute`` is ``none`` and the secretariat reports them with the
evidence (``services.indicator_value_report``), marked as self-reported."""

from __future__ import annotations

from itisa.core.indicators import Indicator, none

INDICATORS = (
    Indicator(
        code="reported.rd_investment", name_zh="成员单位联合研发投入", name_en="Members' investment in joint R&D",
        unit="yuan", dimension="funds", compute=none, self_reported=True,
        reference="国科发政〔2008〕770号 第五条; 产业技术创新战略联盟活跃度评价 动态信息", order=90,
    ),
    Indicator(
        code="reported.standards_led", name_zh="成员单位主导制定的国际、国家和行业标准数",
        name_en="International, national and industry standards led by members", unit="count",
        dimension="results", compute=none, self_reported=True,
        reference="国科发政〔2008〕770号 第五条; 产业技术创新战略联盟活跃度评价 动态信息", order=90,
    ),
    Indicator(
        code="reported.bulletins", name_zh="报送工作简报期数", name_en="Work bulletins sent to the liaison group",
        unit="count", dimension="organisation", compute=none, self_reported=True,
        reference="试点联盟活跃度评价（联络组，2013–2021）动态信息", order=90,
    ),
    Indicator(
        code="reported.fulltime_staff", name_zh="秘书处专职人员数", name_en="Full-time secretariat staff",
        unit="count", dimension="organisation", compute=none, self_reported=True,
        reference="国科发政〔2008〕770号 第八条(三); 试点联盟活跃度评价 动态信息", order=91,
    ),
    Indicator(
        code="reported.transfers_outside", name_zh="向联盟外转移转化成果数",
        name_en="Results transferred outside the alliance", unit="count", dimension="results", compute=none,
        self_reported=True, reference="国科发政〔2008〕770号 第五条; 试点联盟活跃度评价 动态信息", order=91,
    ),
    Indicator(
        code="reported.industry_events", name_zh="面向行业的交流服务活动次数",
        name_en="Exchange and service events for the industry", unit="count", dimension="service", compute=none,
        self_reported=True, reference="国科发政〔2008〕770号 第十一条; 试点联盟活跃度评价 动态信息", order=91,
    ),
    Indicator(
        code="reported.enterprises_served", name_zh="服务行业企业数", name_en="Enterprises of the industry served",
        unit="count", dimension="service", compute=none, self_reported=True,
        reference="国科发政〔2008〕770号 第十一条; 产业技术创新战略联盟活跃度评价 动态信息", order=90,
    ),
)  # fmt: skip
