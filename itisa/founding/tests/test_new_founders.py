"""Founding organisations not yet in the registry: described in the proposal (each problem named by its
row), nothing of them in the registry or public until acceptance, then registered by the accepting officer
through the registry's own service, the host among them as the chair unit."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError
from itisa.core.identifiers import make_uscc
from itisa.founding import services
from itisa.founding.models import NewFounder
from itisa.founding.services import NewFounderInput
from itisa.founding.tests.conftest import counts, propose
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, Organisation

# a Jinan enterprise (region 370102) and a Qingdao research institute (370200), both valid credit codes
JINAN = make_uscc("9", "1", "370102", "MA3C7T5Q")
QINGDAO = make_uscc("1", "2", "370200", "49302817")
BAD_CHECK = JINAN[:-1] + ("0" if JINAN[-1] != "0" else "1")


def _new(**kw: Any) -> NewFounderInput:
    values = {"uscc": JINAN, "name_zh": "济南氢储科技有限公司", "name_en": "Jinan Hydrogen Storage Co., Ltd.",
              "kind": "enterprise", "ownership": "private", **kw}  # fmt: skip
    return NewFounderInput(**values)


def test_a_new_founder_can_be_the_host_and_stays_out_of_the_registry_until_acceptance(
    world: Any, proposer: Any
) -> None:
    registered = Organisation.objects.count()
    p = propose(world, proposer, regional=True, founders=(world.sd_org.uscc,), new_founders=(_new(),),
                host_unit=JINAN)  # fmt: skip
    assert (p.host_unit, p.host_code(), p.founder_count()) == (None, JINAN, 2)
    assert list(p.new_founders.values_list("uscc", "province", "is_host")) == [(JINAN, "37", True)]
    assert Organisation.objects.count() == registered
    created = AuditEntry.objects.get(action="founding.proposal.created")
    assert created.data["new_founders"] == [{
        "uscc": JINAN, "name_zh": "济南氢储科技有限公司", "name_en": "Jinan Hydrogen Storage Co., Ltd.",
        "kind": "enterprise", "ownership": "private", "province": "37", "is_host": True}]  # fmt: skip

    services.proposal_submit(by=proposer, proposal=p)
    officer = world.user("provincial_officer")
    services.proposal_accept(by=officer, proposal=p)
    org = Organisation.objects.get(uscc=JINAN)
    assert (org.name_zh, org.kind, org.ownership, org.province, org.region_code, org.industry) == (
        "济南氢储科技有限公司", "enterprise", "private", "37", "370102", "B"
    )  # fmt: skip
    registered_entry = AuditEntry.objects.get(action="registry.organisation.created", object_id=str(org.pk))
    assert registered_entry.actor == officer
    alliance = Alliance.objects.get(code="SDH")
    p.refresh_from_db()
    assert (alliance.host_unit, p.host_unit) == (org, org)
    assert sorted(Membership.objects.filter(alliance=alliance).values_list("organisation__uscc", "rank")) == sorted(
        [(JINAN, "chair"), (world.sd_org.uscc, "ordinary")]
    )  # fmt: skip
    accepted = AuditEntry.objects.get(action="founding.proposal.accepted")
    assert (accepted.data["registered"], accepted.data["host_unit"]) == ([JINAN], JINAN)
    assert accepted.data["founders"] == sorted([JINAN, world.sd_org.uscc])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            (_new(uscc=BAD_CHECK),),
            f"New organisation 1: {BAD_CHECK} is not a valid credit code: The check "
            f"character (character 18, GB 32100) fails; expected {JINAN[-1]}. ",
        ),
        ((_new(), _new()), f"New organisation 2: {JINAN} is given twice."),
        ((_new(name_zh=" "),), "New organisation 1: Give the organisation's Chinese name."),
        ((_new(kind="club"),), "New organisation 1: Choose the kind of organisation."),
        ((_new(ownership=""),), "New organisation 1: Give the ownership of an enterprise."),
        (
            (_new(uscc=QINGDAO, kind="research_institute", ownership="private"),),
            "New organisation 1: Ownership applies only to enterprises.",
        ),
        ((_new(province="11"),), "New organisation 1: The region code does not lie in the chosen province."),
    ],
)
def test_each_problem_of_a_new_founder_names_its_row_and_nothing_is_written(
    world: Any, proposer: Any, rows: tuple[NewFounderInput, ...], message: str
) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        propose(world, proposer, regional=True, founders=(world.sd_org.uscc,), new_founders=rows,
                host_unit=world.sd_org.uscc)  # fmt: skip
    assert list(exc.value.fields) == ["new_founders"]
    assert exc.value.fields["new_founders"][0].startswith(message)
    assert (counts(), NewFounder.objects.count()) == (before, 0)


def test_a_registered_organisation_is_not_described_again(world: Any, proposer: Any) -> None:
    with pytest.raises(DomainError) as exc:
        propose(world, proposer, regional=True, founders=(world.sd_org.uscc,),
                new_founders=(_new(uscc=world.member_a.uscc),), host_unit=world.sd_org.uscc)  # fmt: skip
    assert exc.value.fields == {"new_founders": [
        f"New organisation 1: {world.member_a.uscc} is in the registry already: give it among the founding "
        "organisations above."]}  # fmt: skip


def test_changing_a_draft_replaces_its_new_founders_and_logs_the_change(world: Any, proposer: Any) -> None:
    p = propose(world, proposer, regional=True, founders=(world.sd_org.uscc,), new_founders=(_new(),),
                host_unit=world.sd_org.uscc)  # fmt: skip
    second = _new(
        uscc=QINGDAO, name_zh="青岛海洋氢能研究院", name_en="", kind="research_institute", ownership=""
    )
    services.proposal_update(by=proposer, proposal=p, data=services.ProposalInput(**{
        **propose_input(world), "founders": (world.sd_org.uscc,), "new_founders": (second,),
        "host_unit": world.sd_org.uscc}))  # fmt: skip
    assert list(p.new_founders.values_list("uscc", "name_zh")) == [(QINGDAO, "青岛海洋氢能研究院")]
    change = AuditEntry.objects.get(action="founding.proposal.updated").data["changes"]["new_founders"]
    assert [[r["uscc"] for r in side] for side in change] == [[JINAN], [QINGDAO]]


def propose_input(world: Any) -> dict[str, Any]:
    from itisa.founding.tests.conftest import regional_input

    return regional_input(world).model_dump()


def test_the_form_takes_new_founders_in_rows(world: Any, proposer: Any, client: Any) -> None:
    client.force_login(proposer)
    page = client.get("/founding/new/").content.decode()
    assert page.count('data-testid="new-founder-row"') == 2
    form = {"code": "SDH", "name_zh": "山东氢能联盟", "scope": "regional", "province": "37", "industry": "B",
            "key_area": "energy", "founders": world.sd_org.uscc, "host_unit": JINAN, "contact_name": "黄磊",
            "contact_phone": "0531-1", "contact_email": "h@example.com", "purpose": "联合攻关。",
            "new-TOTAL_FORMS": "2", "new-INITIAL_FORMS": "0", "new-MIN_NUM_FORMS": "0", "new-MAX_NUM_FORMS": "50",
            "new-0-uscc": JINAN, "new-0-name_zh": "济南氢储科技有限公司", "new-0-kind": "enterprise",
            "new-0-ownership": "private"}  # fmt: skip
    response = client.post("/founding/new/", form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    proposal = proposer_proposal(proposer)
    assert (proposal.host_code(), list(proposal.new_founders.values_list("uscc", flat=True))) == (
        JINAN,
        [JINAN],
    )
    detail = client.get(response["Location"]).content.decode()
    assert detail.count('data-testid="new-founder"') == 1 and "待登记" in detail
    # a bad row is named and nothing is written
    bad = {**form, "code": "SDH2", "new-0-name_zh": ""}
    refused = client.post("/founding/new/", bad)
    assert refused.status_code == 400
    assert "新登记单位第 1 行：请填写单位中文名称。" in refused.content.decode()


def proposer_proposal(proposer: Any) -> Any:
    from itisa.founding.models import AllianceProposal

    return AllianceProposal.objects.get(proposer=proposer)


def test_the_api_takes_and_shows_new_founders(world: Any, proposer: Any, client: Any) -> None:
    client.force_login(proposer)
    body = {"code": "SDH", "name_zh": "山东氢能联盟", "scope": "regional", "province": "37", "industry": "B",
            "key_area": "energy", "founders": [world.sd_org.uscc], "host_unit": world.sd_org.uscc,
            "new_founders": [{"uscc": QINGDAO, "name_zh": "青岛海洋氢能研究院", "kind": "research_institute"}],
            "contact_name": "黄磊", "contact_phone": "0531-1", "contact_email": "h@example.com", "purpose": "联合攻关。"}  # fmt: skip
    response = client.post("/api/proposals", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["new_founders"] == [{"uscc": QINGDAO, "name_zh": "青岛海洋氢能研究院", "name_en": "",
                                                "kind": "research_institute", "ownership": "", "province": "37"}]  # fmt: skip
