"""The demo's proposal awaiting acceptance: the demo applicant proposes a national alliance of two fictional
organisations (光华照明 hosting, 晶源半导体), submitted to the national office, whose queue and to-do list
show it. Nothing of it is public until the office accepts it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from itisa.founding.models import AllianceProposal
from itisa.founding.services import ProposalInput, proposal_create, proposal_submit

DEMO_CODE = "SSLM"


@transaction.atomic
def load_demo_founding(*, proposer: Any, founders: tuple[str, str]) -> AllianceProposal | None:
    """Once (nothing when the demo's proposal exists). ``founders``: the host's credit code first."""
    if AllianceProposal.objects.filter(code=DEMO_CODE).exists():
        return None
    proposal = proposal_create(
        by=proposer,
        data=ProposalInput(
            code=DEMO_CODE,
            name_zh="半导体照明材料产业技术创新战略联盟（演示）",
            name_en="Semiconductor Lighting Materials Alliance (demo)",
            scope="national",
            industry="C",
            key_area="energy",
            founders=founders,
            host_unit=founders[0],
            contact_name="陈晓",
            contact_phone="025-86660000",
            contact_email="chen.xiao@example.com",
            purpose="联合攻关半导体照明外延材料与封装关键技术，形成产业技术标准。",
        ),
    )
    return proposal_submit(by=proposer, proposal=proposal)
