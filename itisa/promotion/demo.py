"""The demo's promotion: Shandong's department and the mining association each publish a key technical
problem, and Shandong endorses the forming demo alliance SDHE as addressing its problem."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.promotion.models import KeyProblem
from itisa.promotion.services import (
    EndorsementInput,
    ProblemInput,
    endorsement_record,
    problem_create,
    problem_publish,
)
from itisa.registry.models import Alliance

SHANDONG = ProblemInput(
    title_zh="高端装备关键基础零部件可靠性提升（演示）",
    title_en="Reliability of key basic components of high-end equipment (demo)",
    description="山东省高端装备支柱产业的高端轴承、液压件寿命与可靠性不足，需产学研联合攻关试验验证与设计方法。",
    industry="C",
    keywords="高端轴承, 液压件, 可靠性",
)
MINING = ProblemInput(
    title_zh="薄煤层智能化开采成套技术（演示）",
    title_en="Intelligent mining of thin coal seams (demo)",
    description="行业共性技术难题：薄煤层工作面智能感知、自适应截割与液压支架协同控制。",
    keywords="智能开采, 液压支架",
)


@transaction.atomic
def load_demo_promotion(*, provincial: Any, association: Any, alliance: Alliance) -> None:
    """Once (nothing when the demo's problems exist): two published problems and one endorsement."""
    if KeyProblem.objects.filter(title_zh=SHANDONG.title_zh).exists():
        return
    shandong = problem_publish(by=provincial, problem=problem_create(by=provincial, data=SHANDONG))
    problem_publish(by=association, problem=problem_create(by=association, data=MINING))
    endorsement_record(
        by=provincial,
        subject=alliance,
        data=EndorsementInput(
            statement="联盟围绕山东省高端装备支柱产业组建，成员覆盖整机与零部件企业及高校，推荐加快组建。",
            problem=shandong.pk,
        ),
    )
