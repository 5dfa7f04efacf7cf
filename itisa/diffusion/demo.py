"""The demo's catalogue and diffusion for CSA (``itisa demo load``): the five real sample patents of the
results register published with abstracts, a few hundred illustrative results (papers, products,
know-how; generated titles from semiconductor-lighting terms, marked 演示) published so that search and
filters have something to find, and project P003 (a grant-funded demonstration project given up early)
whose three results owe 科学技术部-style granting department a diffusion: one met by its catalogue entry,
one by an open publication, one still open."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.db import transaction
from django.utils import timezone

from itisa.diffusion.models import Listing
from itisa.diffusion.services import (
    DiffusionInput,
    ListingInput,
    diffusion_record,
    listing_publish,
    listing_save,
)
from itisa.diffusion.services.obligations import obligations_arise
from itisa.ledger.models import Fund
from itisa.projects.services import FundingInput, ProjectInput, funding_add, project_create, project_move
from itisa.registry.models import Alliance
from itisa.results.models import Result
from itisa.results.services import ResultInput, ShareInput, result_register
from itisa.results.services.results import active_members

GENERATED = 240
SUBJECTS = ["大功率LED芯片", "氮化镓外延片", "Micro LED显示", "紫外LED", "智能照明控制", "LED驱动电源", "荧光粉",
            "植物照明", "车用LED光源", "激光照明", "OLED面板", "硅衬底LED"]  # fmt: skip
ASPECTS = ["散热结构", "封装工艺", "可靠性测试方法", "光效提升技术", "量产良率优化", "储能与调光系统",
           "检测标准研究", "光谱设计"]  # fmt: skip
EN_SUBJECTS = ["high-power LED chips", "GaN epitaxial wafers", "Micro LED displays", "UV LEDs",
               "smart lighting control", "LED drivers", "phosphors", "horticultural lighting",
               "automotive LED sources", "laser lighting", "OLED panels", "LEDs on silicon"]  # fmt: skip
EN_ASPECTS = ["heat dissipation", "packaging process", "reliability testing", "luminous efficacy",
              "yield optimisation", "storage and dimming", "test standards", "spectral design"]  # fmt: skip
KINDS = ["paper", "product", "know_how"]


def _abstract(title: str, en: str) -> tuple[str, str]:
    return (f"{title}：联盟成员联合攻关形成的成果，可面向产业化应用许可或合作开发。（演示数据）",
            f"{en}: a result of joint work by the alliance's members, open to licensing or joint development. (demo)")  # fmt: skip


@transaction.atomic
def load_demo_diffusion(*, alliance: Alliance, secretariat: Any) -> int:
    """Once (nothing when CSA has catalogue entries); returns how many entries it published."""
    if Listing.objects.filter(alliance=alliance).exists():
        return 0
    members = sorted(active_members(alliance))[:2]
    if len(members) < 2:
        return 0
    published = 0
    # the register's real sample patents
    for result in Result.objects.filter(alliance=alliance, is_demo=True).order_by("code"):
        zh, en = _abstract(result.title_zh, result.title_en or "A patented result of the alliance")
        listing_publish(by=secretariat, listing=listing_save(by=secretariat, result=result, data=ListingInput(
            abstract_zh=zh, abstract_en=en, keywords="专利 LED")))  # fmt: skip
        published += 1
    shares = [
        ShareInput(organisation=members[0], share="60"),
        ShareInput(organisation=members[1], share="40"),
    ]
    combos = itertools.islice(
        itertools.cycle(itertools.product(range(len(SUBJECTS)), range(len(ASPECTS)))), GENERATED
    )
    for n, (i, j) in enumerate(combos):
        title, en = (
            f"{SUBJECTS[i]}{ASPECTS[j]}（演示{n + 1:03d}）",
            f"{EN_ASPECTS[j].capitalize()} of {EN_SUBJECTS[i]} (demo {n + 1:03d})",
        )
        result = result_register(by=secretariat, alliance=alliance, is_demo=True, data=ResultInput(
            kind=KINDS[n % len(KINDS)], title_zh=title, title_en=en, status="recorded", contributions=shares,
        ))  # fmt: skip
        zh_abstract, en_abstract = _abstract(title, en)
        listing_publish(by=secretariat, listing=listing_save(by=secretariat, result=result, data=ListingInput(
            abstract_zh=zh_abstract, abstract_en=en_abstract, keywords=f"{SUBJECTS[i]} {ASPECTS[j]}")))  # fmt: skip
        published += 1
    _obligations(alliance, secretariat, members)
    return published


def _obligations(alliance: Alliance, secretariat: Any, members: list[int]) -> None:
    grant = Fund.objects.filter(book__alliance=alliance, kind="government_grant").order_by("pk").first()
    if grant is None:
        return
    today = timezone.localdate()
    project = project_create(by=secretariat, alliance=alliance, is_demo=True, data=ProjectInput(
        title_zh="LED道路照明示范工程（演示）", title_en="LED street lighting demonstration (demo)",
        starts_on=today - dt.timedelta(days=400), ends_on=today + dt.timedelta(days=30), lead=members[0],
        lead_task_zh="示范工程总体实施", lead_money="500000.00", lead_people_months="12",
    ))  # fmt: skip
    funding_add(by=secretariat, project=project, data=FundingInput(kind="government_grant", fund=grant.pk,
                                                                   amount="300000.00"))  # fmt: skip
    titles = [
        "LED道路照明智能调光方法（演示）",
        "LED路灯模组散热装置（演示）",
        "道路照明能效评价方法（演示）",
    ]
    results = [
        result_register(
            by=secretariat,
            alliance=alliance,
            is_demo=True,
            data=ResultInput(
                kind="know_how",
                title_zh=title,
                project=project.pk,
                status="recorded",
                contributions=[ShareInput(organisation=members[0], share="100")],
            ),
        )  # fmt: skip
        for title in titles
    ]
    project_move(
        by=secretariat, project=project, to="terminated", comment="示范任务提前完成，经理事会同意结题（演示）"
    )
    now = timezone.now()
    for result in results:
        obligations_arise(result=result, now=now)
    zh, en = _abstract(titles[0], "Smart dimming of LED street lighting (demo)")
    listing_publish(by=secretariat, listing=listing_save(by=secretariat, result=results[0], data=ListingInput(
        abstract_zh=zh, abstract_en=en, keywords="道路照明 调光")))  # fmt: skip
    diffusion_record(by=secretariat, result=results[1], data=DiffusionInput(
        means="publication", on=today, proof="https://doi.org/10.0000/itisa-demo-0001"))  # fmt: skip
