"""Registering results: owners from each ``ip.default_ownership`` option of the effective agreement
(recorded with the version), publicly funded from the project's grant, refusals that write nothing;
owner changes only on a recorded decision; grant and lapse; background IP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest

from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.governance.services import liability_designate, motion_close, motion_open, vote_cast
from itisa.governance.tests.conftest import make_council
from itisa.ledger.tests.conftest import make_books
from itisa.projects.tests.conftest import make_project
from itisa.results.models import OwnershipRecord, Result
from itisa.results.services import (
    BackgroundInput,
    OwnerChangeInput,
    background_declare,
    result_change_owners,
    result_move,
    result_publish,
)
from itisa.results.tests.conftest import NOW, counts, make_agreement, owners_of, register, shares

pytestmark = pytest.mark.usefixtures("clock")


@pytest.mark.parametrize(
    ("ownership", "expected", "basis"),
    [
        ("creator", [("甲公司", D("60.00")), ("乙大学", D("40.00"))], "agreement"),
        ("joint", [("甲公司", D("50.00")), ("乙大学", D("50.00"))], "agreement"),
        ("alliance", [("甲公司", D("100.00"))], "agreement"),
    ],
    ids=["creator", "joint", "alliance"],
)
def test_a_results_owners_follow_the_agreements_rule(
    world: Any, agreement_world: Any, ownership: str | None, expected: list, basis: str
) -> None:
    version = make_agreement(agreement_world, ownership)
    if ownership == "alliance":
        liability_designate(by=world.user("secretariat"), alliance=world.csa, organisation=world.member_a,
                            since=dt.date(2026, 1, 1))  # fmt: skip
    result = register(world)
    record = OwnershipRecord.objects.get(result=result)
    assert owners_of(result) == expected
    assert (record.seq, record.basis, record.rule, record.agreement_id, record.by) == (
        1, basis, ownership or "", version.pk, world.user("secretariat"),
    )  # fmt: skip
    assert (result.code, result.number, result.status, result.publicly_funded, result.public) == (
        "R00001", "201811564288.X", "granted", False, False,
    )  # fmt: skip


def test_without_an_agreement_the_owners_are_joint_by_law(world: Any) -> None:
    result = register(world)
    assert owners_of(result) == [("甲公司", D("50.00")), ("乙大学", D("50.00"))]
    assert OwnershipRecord.objects.get(result=result).agreement_id is None


def test_project_contract_owners_are_given_with_the_contract(world: Any, agreement_world: Any) -> None:
    make_agreement(agreement_world, "by_project_contract")
    before = counts()
    with pytest.raises(DomainError) as refused:
        register(world)
    assert refused.value.fields == {
        "owners": [
            "The agreement leaves ownership to the project contract: give the owners and their shares."
        ],
        "document_ref": ["Name the project contract that says who owns it."],
    }
    assert counts() == before
    result = register(world, owners=shares((world.member_b, "100")), document_ref="项目合同 CSA-P001-2026")
    record = OwnershipRecord.objects.get(result=result)
    assert (owners_of(result), record.basis, record.document_ref) == (
        [("乙大学", D("100.00"))], "project_contract", "项目合同 CSA-P001-2026",
    )  # fmt: skip


def test_owners_are_not_given_where_the_agreement_decides(world: Any, agreement_world: Any) -> None:
    make_agreement(agreement_world, "creator")
    before = counts()
    with pytest.raises(DomainError) as refused:
        register(world, owners=shares((world.member_b, "100")))
    assert refused.value.fields == {
        "owners": [
            "The owners follow the agreement's rule; they are given only where it leaves them to the project contract."
        ]
    }
    assert counts() == before


def test_a_result_of_a_grant_funded_project_is_publicly_funded(world: Any) -> None:
    books = make_books(world, second_approval_above=None)
    project = make_project(world, books)
    funded = register(world, project=project.pk)
    unfunded = register(
        world, project=project.pk, funding=[], number="ZL99113861.9", filed_on=dt.date(1999, 8, 1)
    )
    assert (funded.publicly_funded, [f.fund.name_zh for f in funded.funding.all()]) == (
        True,
        [books.grant.name_zh],
    )
    assert (unfunded.publicly_funded, list(unfunded.funding.all())) == (False, [])


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"number": "ZL201811564288.5"}, {"number": ["The check character is wrong: it should be X."]}),
        ({"number": "ZL20181156428.X"}, {"number": [
            "Not a CNIPA application number: 12 digits (from 2003-10-01) or 8 digits (before), then the check "
            "character 0-9 or X, optionally after ZL or CN and a dot (e.g. ZL201811564288.X)."]}),
        ({"number": "201821844933.9"},
         {"number": ["The type digit 2 says Utility model, but the result is of the kind Invention patent."]}),
        ({"contributions": "half"}, None),
        ({"kind": "paper", "number": "", "status": "granted"}, {"status": ["A Paper is registered as Recorded."]}),
        ({"granted_on": dt.date(2026, 3, 3)}, {"granted_on": ["This date is in the future."]}),
    ],
    ids=["check-character", "format", "type-digit", "bad-input", "paper-granted", "future"],
)  # fmt: skip
def test_invalid_results_are_refused_with_the_reason_and_nothing_is_written(
    world: Any, overrides: dict, fields: dict | None
) -> None:
    if fields is None:
        overrides = {"contributions": shares((world.member_a, "60"), (world.member_b, "39.99"))}
        fields = {"contributions": ["The shares add up to 99.99%, not 100%."]}
    before = counts()
    with pytest.raises(DomainError) as refused:
        register(world, **overrides)
    assert (refused.value.message, refused.value.fields) == ("Please correct the errors below.", fields)
    assert counts() == before


def test_a_number_is_registered_once(world: Any) -> None:
    register(world)
    before = counts()
    with pytest.raises(DomainError) as refused:
        register(world, number="201811564288X")
    assert refused.value.fields == {"number": ["This number is already in the register."]}
    assert counts() == before


def test_only_the_secretariat_registers(world: Any) -> None:
    before = counts()
    from itisa.results.services import result_register
    from itisa.results.tests.conftest import patent_input

    for persona in ("member_contact", "council_member", "outsider"):
        with pytest.raises(
            PermissionDenied, match="Only the alliance's secretariat keeps its results register."
        ):
            result_register(by=world.user(persona), alliance=world.csa, data=patent_input(world))
    assert counts() == before


def _passed_resolution(world: Any, *, passed: bool = True) -> Any:
    council = make_council(world)
    s = world.user("secretariat")
    motion = motion_open(by=s, body=council.body, title_zh="关于变更R00001权属的决议", method="ballot",
                         deadline=NOW + dt.timedelta(days=7))  # fmt: skip
    for persona in ("council_member", "legal_representative", "expert"):
        vote_cast(by=world.user(persona), motion=motion, choice="yes" if passed else "no")
    return motion_close(by=s, motion=motion)


def test_owners_change_only_on_a_recorded_decision(world: Any, agreement_world: Any) -> None:
    make_agreement(agreement_world, "creator")
    result = register(world)
    s = world.user("secretariat")
    new = shares((world.member_a, "30"), (world.member_b, "70"))
    refusals = [
        (OwnerChangeInput(owners=new), {"basis": ["Choose a resolution or the owners' written consent."]}),
        (OwnerChangeInput(owners=new, basis="agreement"), {"basis": ["Choose a resolution or the owners' written consent."]}),
        (OwnerChangeInput(owners=new, basis="resolution"),
         {"motion": ["Choose a resolution the alliance's decision body passed."]}),
        (OwnerChangeInput(owners=new, basis="resolution", motion=_passed_resolution(world, passed=False).pk),
         {"motion": ["Choose a resolution the alliance's decision body passed."]}),
        (OwnerChangeInput(owners=new, basis="consent"),
         {"document_ref": ["Name the written consent (its reference)."],
          "document_on": ["Give the date of the written consent (not in the future)."]}),
        (OwnerChangeInput(owners=new, basis="consent", document_ref="书面同意函", document_on=dt.date(2026, 3, 1),
                          consenting=[world.member_a.pk]),
         {"consenting": ["Every current and new owner consents in writing; missing: 乙大学."]}),
        (OwnerChangeInput(owners=shares((world.member_a, "30"), (world.member_b, "60")), basis="consent",
                          document_ref="书面同意函", document_on=dt.date(2026, 3, 1)),
         {"owners": ["The shares add up to 90.00%, not 100%."]}),
    ]  # fmt: skip
    before = counts()  # the failed motion's own records are the governance app's
    for data, fields in refusals:
        with pytest.raises(DomainError) as refused:
            result_change_owners(by=s, result=result, data=data)
        assert refused.value.fields == fields
    assert counts() == before
    assert owners_of(result) == [("甲公司", D("60.00")), ("乙大学", D("40.00"))]


def test_a_passed_resolution_changes_the_owners_and_keeps_the_history(
    world: Any, agreement_world: Any
) -> None:
    make_agreement(agreement_world, "creator")
    result = register(world)
    motion = _passed_resolution(world)
    before = counts()
    record = result_change_owners(
        by=world.user("secretariat"), result=result,
        data=OwnerChangeInput(owners=shares((world.member_a, "30"), (world.member_b, "70")), basis="resolution",
                              motion=motion.pk, reason="乙大学承担后续开发"),
    )  # fmt: skip
    assert owners_of(result) == [("甲公司", D("30.00")), ("乙大学", D("70.00"))]
    assert [(r.seq, r.basis, r.motion_id) for r in OwnershipRecord.objects.filter(result=result).order_by("seq")] == [
        (1, "agreement", None), (2, "resolution", motion.pk),
    ]  # fmt: skip
    after = counts()
    assert (after["OwnershipRecord"] - before["OwnershipRecord"], after["Owner"] - before["Owner"],
            after["AuditEntry"] - before["AuditEntry"]) == (1, 2, 1)  # fmt: skip
    from itisa.audit.models import AuditEntry

    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.data["before"], entry.data["after"], entry.data["motion"], record.seq) == (
        "results.ownership.changed",
        {str(world.member_a.pk): "60.00", str(world.member_b.pk): "40.00"},
        {str(world.member_a.pk): "30.00", str(world.member_b.pk): "70.00"},
        motion.pk, 2,
    )  # fmt: skip


def test_the_owners_written_consent_changes_the_owners(world: Any) -> None:
    result = register(world)
    result_change_owners(
        by=world.user("secretariat"), result=result,
        data=OwnerChangeInput(owners=shares((world.member_a, "100")), basis="consent", document_ref="双方书面同意书 2026-01",
                              document_on=dt.date(2026, 3, 1), consenting=[world.member_a.pk, world.member_b.pk]),
    )  # fmt: skip
    assert owners_of(result) == [("甲公司", D("100.00"))]
    with pytest.raises(DomainError, match="The owners and their shares are unchanged."):
        result_change_owners(
            by=world.user("secretariat"), result=result,
            data=OwnerChangeInput(owners=shares((world.member_a, "100")), basis="consent", document_ref="再次",
                                  document_on=dt.date(2026, 3, 1), consenting=[world.member_a.pk]),
        )  # fmt: skip


def test_grant_and_lapse(world: Any) -> None:
    s = world.user("secretariat")
    result = register(world, status="filed", granted_on=None)
    with pytest.raises(DomainError) as refused:
        result_move(by=s, result=result, to="granted", on=dt.date(2018, 12, 1))
    assert refused.value.fields == {"granted_on": ["A grant comes after the filing."]}
    result_move(by=s, result=result, to="granted", on=dt.date(2021, 3, 2))
    result_move(by=s, result=result, to="lapsed", on=dt.date(2026, 1, 5), comment="未缴年费")
    result.refresh_from_db()
    assert (result.status, result.granted_on, result.lapsed_on) == (
        "lapsed",
        dt.date(2021, 3, 2),
        dt.date(2026, 1, 5),
    )
    assert [(h.old_status, h.new_status, h.comment) for h in result.status_changes.order_by("pk")] == [
        ("", "filed", ""), ("filed", "granted", ""), ("granted", "lapsed", "未缴年费"),
    ]  # fmt: skip
    before = counts()
    with pytest.raises(InvalidTransition):
        result_move(by=s, result=result, to="granted", on=dt.date(2026, 1, 6))
    assert counts() == before


def test_the_secretariat_decides_what_is_public(world: Any) -> None:
    result = register(world)
    with pytest.raises(PermissionDenied):
        result_publish(by=world.user("member_contact"), result=result, public=True)
    assert Result.objects.get(pk=result.pk).public is False
    assert result_publish(by=world.user("secretariat"), result=result, public=True).public is True


def test_background_ip_is_declared_by_the_member_at_or_after_joining(world: Any) -> None:
    data = {"organisation": world.member_b.pk, "kind": "invention", "title_zh": "一种外延片生长方法",
            "number": "ZL99113861.9", "restrictions_zh": "仅限联盟项目内按公平合理条件使用"}  # fmt: skip
    before = counts()
    with pytest.raises(DomainError) as refused:
        background_declare(by=world.user("member_contact"), alliance=world.csa,
                           data=BackgroundInput(**data, declared_on=dt.date(2004, 12, 31)))  # fmt: skip
    assert refused.value.fields == {
        "declared_on": ["A member declares its background IP on or after the day it joined (1 Jan 2005)."]
    }
    with pytest.raises(PermissionDenied):
        background_declare(by=world.user("member_contact"), alliance=world.csa,
                           data=BackgroundInput(**{**data, "organisation": world.member_a.pk},
                                                declared_on=dt.date(2026, 3, 1)))  # fmt: skip
    assert counts() == before
    row = background_declare(by=world.user("member_contact"), alliance=world.csa,
                             data=BackgroundInput(**data, declared_on=dt.date(2026, 3, 1)))  # fmt: skip
    assert (row.organisation, row.number, row.declared_on, row.by) == (
        world.member_b, "99113861.9", dt.date(2026, 3, 1), world.user("member_contact"),
    )  # fmt: skip
