"""The services of proposals: drafting with credit-code checks, submit, return, resubmit and accept, with
what each writes (exact values) and nothing written on a refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from itisa.accounts.models import RoleAssignment
from itisa.agreements.models import AgreementVersion
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.founding import services
from itisa.founding.models import AllianceProposal
from itisa.founding.tests.conftest import counts, national_input, propose
from itisa.membership.models import Membership
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for
from itisa.registry.models import Alliance

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=BEIJING)


def _actions(proposal: AllianceProposal) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="founding.allianceproposal", object_id=str(proposal.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_draft_holds_the_founders_and_the_host_unit(world: Any, proposer: Any) -> None:
    p = propose(world, proposer)
    assert (p.status, p.code, p.proposer, p.host_unit, p.alliance) == (
        "draft", "NEV", proposer, world.member_a, None
    )  # fmt: skip
    assert sorted(p.founders.values_list("uscc", flat=True)) == ["12100000400000624D", "914403001922038216"]
    assert _actions(p) == ["founding.proposal.created"]
    assert Notification.objects.count() == 0


BAD_CODE = "91440300192203821X"  # 甲公司's code with a wrong check character: no such organisation
UNKNOWN = "911101085923662400"  # a valid code nobody registered


@pytest.mark.parametrize(
    ("founders", "host", "errors"),
    [
        (
            (BAD_CODE, "12100000400000624D"),
            "12100000400000624D",
            {
                "founders": [
                    "91440300192203821X is not a valid credit code: The check character (character 18, GB 32100) fails; "
                    "expected 6. An officer may accept the code after checking the business licence, giving a reason."
                ]
            },
        ),
        (
            ("914403001922038216", UNKNOWN),
            "914403001922038216",
            {
                "founders": [
                    "No organisation with the credit code 911101085923662400 is in the registry; describe it "
                    "under the new founding organisations."
                ]
            },
        ),
        (
            ("914403001922038216", "ABC"),
            "914403001922038216",
            {
                "founders": [
                    "ABC is not a valid credit code: A unified social credit code has exactly 18 characters."
                ]
            },
        ),
        (
            ("914403001922038216",),
            "914403001922038216",
            {"founders": ["An alliance is formed by at least 2 organisations (Art. 2)."]},
        ),
        (
            ("914403001922038216", "12100000400000624D"),
            "",
            {"host_unit": ["The host unit is one of the founding organisations: give its credit code."]},
        ),
    ],
    ids=["check-character", "unknown", "length", "one-founder", "host-not-founder"],
)
def test_a_bad_founder_is_a_field_error_naming_the_code_and_nothing_is_written(
    world: Any, proposer: Any, founders: tuple[str, ...], host: str, errors: dict[str, list[str]]
) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.proposal_create(by=proposer, data=national_input(world, founders=founders, host_unit=host))
    assert exc.value.fields == errors
    assert counts() == before


def test_a_taken_code_a_missing_field_and_a_national_province_are_refused(world: Any, proposer: Any) -> None:
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.proposal_create(
            by=proposer, data=national_input(world, code="CSA", province="11", key_area="", contact_email="x")
        )
    assert exc.value.fields == {
        "code": ["An alliance with this short code exists."],
        "province": ["A national alliance has no province."],
        "key_area": ["Give the key area of the national plan, the strategic emerging industry, or both."],
        "contact_email": ["Enter a valid e-mail address."],
    }
    assert counts() == before


def test_anonymous_may_not_propose(world: Any) -> None:
    before = counts()
    with pytest.raises(PermissionDenied, match="You must log in first."):
        services.proposal_create(by=world.user("anonymous"), data=national_input(world))
    assert counts() == before


@time_machine.travel(NOW, tick=False)
def test_the_whole_path_return_resubmit_accept(world: Any, proposer: Any) -> None:
    officer = world.user("provincial_officer")
    officer.preferred_language = "en"
    officer.save(update_fields=["preferred_language"])
    p = propose(world, proposer, regional=True)

    services.proposal_submit(by=proposer, proposal=p)
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.subject, note.url) == (
        officer, "founding.proposal.submitted", "Proposed alliance 山东氢能产业技术创新战略联盟 (SDH) to review",
        f"/en/founding/{p.pk}/",
    )  # fmt: skip
    assert [(t.code, t.subject, t.url) for t in todos_for(officer)] == [
        ("founding.proposal.review", "SDH 山东氢能产业技术创新战略联盟", f"/en/founding/{p.pk}/")
    ]
    assert [t.code for t in todos_for(world.user("national_officer")) if t.code.startswith("founding")] == []

    services.proposal_return(by=officer, proposal=p, reason="请补充依托单位的承诺函。")
    p.refresh_from_db()
    assert (p.status, p.return_reason) == ("returned", "请补充依托单位的承诺函。")
    note = Notification.objects.filter(recipient=proposer).get()
    with translation.override("zh-hans"):
        assert (note.kind, note.subject, note.body) == (
            "founding.proposal.returned", "您发起的联盟 山东氢能产业技术创新战略联盟（SDH）已退回",
            "退回理由：请补充依托单位的承诺函。 请修改后再次提交。",
        )  # fmt: skip
    assert [(t.code, t.detail) for t in todos_for(proposer)] == [
        ("founding.proposal.resubmit", "请补充依托单位的承诺函。")
    ]
    assert todos_for(officer) == []

    services.proposal_update(
        by=proposer, proposal=p, data=_regional(world, name_zh="山东省氢能产业技术创新战略联盟")
    )
    services.proposal_submit(by=proposer, proposal=p)
    assert todos_for(proposer) == []
    services.proposal_accept(by=officer, proposal=p)

    p.refresh_from_db()
    alliance = Alliance.objects.get(code="SDH")
    assert (p.status, p.alliance) == ("accepted", alliance)
    assert (alliance.status, alliance.is_demo, alliance.scope, alliance.province, alliance.host_unit,
            alliance.name_zh) == ("forming", False, "regional", "37", world.sd_org, "山东省氢能产业技术创新战略联盟")  # fmt: skip
    assert sorted(Membership.objects.filter(alliance=alliance).values_list("organisation__uscc", "rank", "joined_on")) == sorted([
        (world.sd_org.uscc, "chair", dt.date(2026, 12, 7)), (world.member_a.uscc, "ordinary", dt.date(2026, 12, 7))
    ])  # fmt: skip
    assert list(RoleAssignment.objects.filter(user=proposer).values_list("role", "alliance__code")) == [
        ("secretariat", "SDH")
    ]
    assert _actions(p) == [
        "founding.proposal.created", "founding.proposal.submitted", "founding.proposal.returned",
        "founding.proposal.updated", "founding.proposal.submitted", "founding.proposal.accepted",
    ]  # fmt: skip
    grant = AuditEntry.objects.get(
        action="accounts.role.granted", object_id=str(RoleAssignment.objects.get(user=proposer).pk)
    )
    assert (grant.actor, grant.data["proposal"], grant.data["role"]) == (officer, p.pk, "secretariat")
    # the founding agreement's draft, from the template, in the new secretariat's name
    draft = AgreementVersion.objects.get(alliance=alliance)
    assert (draft.kind, draft.status, draft.number, draft.based_on) == ("agreement", "draft", 1, None)
    assert sorted(draft.content) == [
        "admission_rules_zh", "annexes", "bodies", "breach", "diffusion", "disputes", "dissolution_zh",
        "exit_notice_days", "exit_rules_zh", "fund_rules_zh", "goals", "ip", "liability_member", "principles_zh",
        "procedures", "purpose_zh", "tasks", "term", "title_en", "title_zh",
    ]  # fmt: skip
    assert (draft.content["title_zh"], draft.content["bodies"]) == ("", [])
    created = AuditEntry.objects.get(object_type="agreements.agreementversion", object_id=str(draft.pk))
    assert created.actor == proposer
    accepted = AuditEntry.objects.filter(action="founding.proposal.accepted").get()
    assert (accepted.actor, accepted.data) == (officer, {
        "from": "submitted", "to": "accepted", "alliance": "SDH", "founders": [world.sd_org.uscc, world.member_a.uscc],
        "host_unit": world.sd_org.uscc, "secretariat": "proposer", "agreement_draft": draft.pk})  # fmt: skip
    assert Notification.objects.filter(recipient=proposer, kind="founding.proposal.accepted").count() == 1
    assert todos_for(officer) == []


def _regional(world: Any, **kw: Any) -> Any:
    from itisa.founding.tests.conftest import regional_input

    return regional_input(world, **kw)


@pytest.mark.parametrize("persona", ["outsider", "secretariat", "association_officer", "provincial_officer"])
def test_only_the_competent_officer_accepts_or_returns_and_a_refusal_changes_nothing(
    world: Any, proposer: Any, persona: str
) -> None:
    p = propose(world, proposer)  # national: the national office reviews it
    services.proposal_submit(by=proposer, proposal=p)
    before = counts()
    for call in (lambda: services.proposal_accept(by=world.user(persona), proposal=p),
                 lambda: services.proposal_return(by=world.user(persona), proposal=p, reason="不行")):  # fmt: skip
        with pytest.raises(PermissionDenied, match="Only the national office"):
            call()
    assert counts() == before
    p.refresh_from_db()
    assert p.status == "submitted"


def test_a_draft_is_neither_accepted_nor_returned_and_a_return_needs_a_reason(
    world: Any, proposer: Any
) -> None:
    officer = world.user("national_officer")
    p = propose(world, proposer)
    before = counts()
    with pytest.raises(InvalidTransition, match="Only a submitted proposal is accepted or returned."):
        services.proposal_accept(by=officer, proposal=p)
    services.proposal_submit(by=proposer, proposal=p)
    middle = counts()
    with pytest.raises(DomainError) as exc:
        services.proposal_return(by=officer, proposal=p, reason="  ")
    assert exc.value.fields == {"reason": ["Say why the proposal is returned."]}
    with pytest.raises(InvalidTransition, match="Only a draft or a returned proposal is submitted."):
        services.proposal_submit(by=proposer, proposal=p)
    with pytest.raises(PermissionDenied, match="Only a draft or a returned proposal can be changed."):
        services.proposal_update(by=proposer, proposal=p, data=national_input(world))
    with pytest.raises(PermissionDenied, match="Only the proposer changes and submits a proposal."):
        services.proposal_submit(by=officer, proposal=p)
    assert counts()["audit"] == before["audit"] + 2  # the submission and its notification, nothing else
    assert counts() == middle


def test_accepting_a_code_taken_meanwhile_writes_nothing(world: Any, proposer: Any) -> None:
    from tests.factories import AllianceFactory

    p = propose(world, proposer)
    services.proposal_submit(by=proposer, proposal=p)
    AllianceFactory(code="NEV", key_area="energy")
    before = counts()
    with pytest.raises(DomainError, match="An alliance with this short code exists."):
        services.proposal_accept(by=world.user("national_officer"), proposal=p)
    assert counts() == before
    p.refresh_from_db()
    assert (p.status, p.alliance) == ("submitted", None)
