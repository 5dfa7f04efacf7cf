"""The demo's formal evaluation: a campaign of the current year opened by the national office, covering every
published pilot whose period has ended or ends within it. The first such pilot is taken to the expert panel:
its secretariat's self-evaluation submitted, verified by the office, eligibility re-checked under the rules in
force, and the demo's second expert (``reviewer2``, outside the alliance) put on the panel.

In the standard demo that pilot is NCCI: the demo's earlier call (``pilots.demo.load_demo_earlier_pilot``)
selected it two years and a month before the demo was loaded, so its pilot period ended a month ago. The
campaign takes it to the panel step, where ``reviewer2`` (who also reviewed its application) is to review
it. CSA's application to the 2026 call is still in expert review and the other alliances are not pilots;
once the office publishes another list, its pilots appear on the office's to-do list when their period
ends and can be added to the campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.evaluation import services
from itisa.evaluation.models import Campaign, Evaluation
from itisa.evaluation.selectors import candidate_pilots
from itisa.pilots.models import Expert

DEMO_TITLE = "产业技术创新战略联盟试点评估（演示）"
PARTS = {
    "innovation": "试点期内联合开展关键共性技术攻关项目12项，形成行业标准3项（演示）。",
    "performance": "新增发明专利授权40件，成果许可收入1,200万元（演示）。",
    "service": "为行业内200余家企业提供检测和中试服务（演示）。",
    "operation": "理事会、专家委员会按协议运行，秘书处配备专职人员6名（演示）。",
    "protection": "成果权益按协议分配，成员退出和违约处理有章可循（演示）。",
}


@transaction.atomic
def load_demo_evaluation(*, national: Any, expert_user: Any) -> Campaign:
    """Once: the campaign, and the first candidate pilot at the expert panel step (see the module docstring)."""
    found = Campaign.objects.filter(title_zh=DEMO_TITLE, is_demo=True).first()
    if found is not None:
        return found
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    data = services.CampaignInput(
        title_zh=DEMO_TITLE, title_en="Evaluation of pilot alliances (demo)", year=today.year, opens_on=today,
        ends_on=today + 180 * day, self_evaluation_due=today + 30 * day, verification_due=today + 60 * day,
        panel_due=today + 90 * day, comments_due=today + 120 * day, decision_due=today + 150 * day,
    )  # fmt: skip
    campaign = services.campaign_open(by=national, data=data, is_demo=True)
    pilots = list(candidate_pilots(campaign))
    for application in pilots:
        services.evaluation_open(by=national, campaign=campaign, application=application)
    first = Evaluation.objects.filter(campaign=campaign).select_related("alliance").order_by("pk").first()
    secretary = (
        RoleAssignment.objects.filter(role=Role.SECRETARIAT, alliance_id=first.alliance_id)
        .order_by("pk")
        .first()
        if first is not None
        else None
    )
    if first is None or secretary is None:
        return campaign
    services.self_evaluation_submit(
        by=secretary.user, evaluation=first, parts=PARTS, figures_year=today.year - 1
    )
    services.evaluation_verify(
        by=national, evaluation=first, accept=True, comment="材料齐全，数据核实无误（演示）。"
    )
    services.evaluation_recheck(by=national, evaluation=first)
    expert = Expert.objects.filter(user=expert_user, active=True).first()
    if expert is not None:
        services.panel_assign(by=national, evaluation=first, expert=expert)
    return campaign
