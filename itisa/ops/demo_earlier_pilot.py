"""The record of the demo's earlier pilot, NCCI: what Article 8 of 国科发政〔2008〕770号 asks of an alliance
before it may apply to a call, so that it can apply to the demo's earlier call (``pilots.demo``) and be
selected; its pilot period has since ended and the formal evaluation takes it up (``evaluation.demo``).

Its secretariat's account, an agreement signed by both members' legal representatives (keys under
var/demo-keys, as CSA's), the three kinds of body, a full-time staff member in post since the alliance
began, the book and an appointed fund supervisor. The agreement is an illustration marked as a demo; like
CSA's, it is not a record of the real alliance's agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from itisa.accounts.models import User
from itisa.accounts.services import role_grant
from itisa.governance.models import Body
from itisa.governance.services import body_create, staff_add
from itisa.ledger.models import Book, Chart
from itisa.ledger.services import book_open
from itisa.ops import demo_data
from itisa.ops.demo_agreements import sign_demo_agreement
from itisa.registry.models import Alliance, Organisation

CODE = "NCCI"  # the alliance the loader passes
PETROCHINA = "91110000710925462X"
INSTITUTE = demo_data._fictional_code(3)  # 煤化工程研究院（演示）
# the registry holds no legal representative of the real company: a placeholder, marked as such
LEGAL_REPS = {PETROCHINA: "演示法人（中国石油）"}
SIGNERS = [("legalrep-petrochina", PETROCHINA), ("legalrep-coalchem", INSTITUTE)]
SECRETARIAT = "secretariat-ncci"  # the rating demo's account of NCCI's secretariat
SUPERVISOR = "supervisor-ncci"
# bodies and staff in place since the alliance began, well before the demo's earlier call
SINCE = dt.date(2007, 6, 10)


def agreement_content() -> dict[str, Any]:
    """NCCI's agreement: CSA's (the template seen in practice) with NCCI's purpose, goals, parties and tasks."""
    return demo_data.csa_agreement_content() | {
        "title_zh": "新一代煤（能源）化工产业技术创新战略联盟协议（演示）",
        "title_en": "Agreement of the New-Generation Coal (Energy) Chemical Industry Alliance (demo)",
        "purpose_zh": "围绕煤炭清洁高效转化产业技术创新链，联合攻关煤制烯烃、煤制油等关键共性技术，"
        "形成产业技术标准，提升煤化工产业核心竞争力。（演示）",
        "goals": [
            {
                "title_zh": "突破煤制烯烃催化剂与工艺关键技术",
                "title_en": "Catalysts and process of coal to olefins",
                "target": "完成百万吨级工业示范装置工艺包",
                "due": "2028-12-31",
            },
        ],
        "tasks": [
            {
                "party": PETROCHINA,
                "description_zh": "牵头工业示范与产业化，承担联盟秘书处工作",
                "commitments": [
                    {"kind": "money", "description": "示范工程经费", "amount_cny": "50000000.00"}
                ],
            },
            {
                "party": INSTITUTE,
                "description_zh": "承担催化剂研发与中试验证",
                "commitments": [{"kind": "staff", "description": "研究人员", "quantity": 20}],
            },
        ],
        "liability_member": PETROCHINA,
        "diffusion": {
            "mechanism_zh": "联盟每年发布煤化工共性技术成果目录，通过许可和示范工程向行业推广。",
            "public_results": True,
        },
    }


@transaction.atomic
def load_demo_earlier_pilot_record(
    *, alliance: Alliance, national: User, make_user: Callable[[str], User]
) -> User:
    """Once (nothing is added where it exists): NCCI's (``alliance``) record as the module docstring says;
    returns its secretariat's account."""
    secretariat = make_user(SECRETARIAT)
    role_grant(by=None, user=secretariat, role="secretariat", alliance=alliance)  # nothing if it has it
    sign_demo_agreement(
        alliance=alliance,
        national=national,
        secretariat=secretariat,
        make_user=make_user,
        content=agreement_content(),
        signers=SIGNERS,
        legal_reps=LEGAL_REPS,
    )
    if not Body.objects.filter(alliance=alliance).exists():
        for body_type, name_zh, name_en, preset in (
            ("council", "理事会", "Council", "two_thirds_present"),
            ("expert_committee", "专家委员会", "Expert committee", "simple_majority_present"),
            ("secretariat", "秘书处", "Secretariat", None),
        ):
            body_create(by=secretariat, alliance=alliance, body_type=body_type, name_zh=name_zh, name_en=name_en,
                        rules={"preset": preset} if preset else None, adopted_on=SINCE, is_demo=True)  # fmt: skip
        staff_add(by=secretariat, alliance=alliance, name="演示秘书长（煤化工）", position="秘书长", full_time=True,
                  since=SINCE, employer=Organisation.objects.get(uscc=PETROCHINA), is_demo=True)  # fmt: skip
    if not Book.objects.filter(alliance=alliance).exists():
        book_open(by=secretariat, alliance=alliance, chart=Chart.objects.get(code="npo-2004"))
    role_grant(by=None, user=make_user(SUPERVISOR), role="fund_supervisor", alliance=alliance)
    return secretariat
