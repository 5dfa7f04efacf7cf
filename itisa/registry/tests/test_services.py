"""Registry services: permission, validation, audit, nothing half-written on refusal."""

from __future__ import annotations

import pytest

from itisa.audit.models import AuditEntry
from itisa.audit.seals import seals_of
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation, Person
from itisa.registry.services import (
    AllianceInput,
    OrganisationInput,
    alliance_change_status,
    alliance_create,
    alliance_make_pilot,
    organisation_create,
    organisation_update,
)

ORG = {
    "name_zh": "科大国盾量子技术股份有限公司",
    "name_en": "QuantumCTek Co., Ltd.",
    "uscc": "9134010068976734XU",
    "kind": "enterprise",
    "ownership": "mixed",
    "province": "34",
    "region_code": "340100",
    "industry": "C",
    "legal_rep_name_zh": "应勇",
    "legal_rep_title": "董事长",
}


def test_secretariat_registers_organisation_with_audit(world) -> None:
    org = organisation_create(by=world.user("secretariat"), data=OrganisationInput(**ORG))
    assert (org.uscc, org.legal_representative.name_zh, org.uscc_confirmed_reason) == (
        "9134010068976734XU",
        "应勇",
        "",
    )
    entry = AuditEntry.objects.get(action="registry.organisation.created")
    assert (entry.object_id, entry.actor_label, entry.data["uscc"]) == (
        str(org.pk),
        "secretariat",
        "9134010068976734XU",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9134010068976734X", "A unified social credit code has exactly 18 characters."),
        ("91340100689767341U", "The organisation-code check (character 17, GB 11714) fails; expected X."),
    ],
)
def test_bad_credit_code_is_refused_and_nothing_written(world, code: str, message: str) -> None:
    before = (Organisation.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        organisation_create(by=world.user("secretariat"), data=OrganisationInput(**{**ORG, "uscc": code}))
    assert exc.value.fields["uscc"] == [message]
    assert (Organisation.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == before


def test_check_character_failure_needs_officer_confirmation(world) -> None:
    values = {**ORG, "uscc": "9134010068976734XA"}
    with pytest.raises(PermissionDenied):
        organisation_create(
            by=world.user("secretariat"), data=OrganisationInput(**values), confirm_reason="营业执照核对无误"
        )
    assert not Organisation.objects.filter(uscc="9134010068976734XA").exists()
    org = organisation_create(
        by=world.user("national_officer"), data=OrganisationInput(**values), confirm_reason="营业执照核对无误"
    )
    assert (org.uscc_confirmed_reason, org.uscc_confirmed_by) == (
        "营业执照核对无误",
        world.user("national_officer"),
    )
    assert (
        AuditEntry.objects.filter(
            action="registry.organisation.uscc_confirmed", object_id=str(org.pk)
        ).count()
        == 1
    )


def test_update_records_changes(world) -> None:
    org = organisation_update(
        by=world.user("member_contact"),
        organisation=world.member_b,
        data=OrganisationInput(address="北京市海淀区清华园"),
    )
    assert org.address == "北京市海淀区清华园"
    entry = AuditEntry.objects.get(action="registry.organisation.updated")
    assert entry.data == {"changes": {"address": ["北京市海淀区", "北京市海淀区清华园"]}}


def test_outsider_cannot_update(world) -> None:
    with pytest.raises(PermissionDenied):
        organisation_update(
            by=world.user("outsider"), organisation=world.member_b, data=OrganisationInput(address="x")
        )
    world.member_b.refresh_from_db()
    assert world.member_b.address == "北京市海淀区"
    assert AuditEntry.objects.count() == 0


def test_alliance_lifecycle(world) -> None:
    officer = world.user("national_officer")
    alliance = alliance_create(
        by=officer,
        data=AllianceInput(
            code="coal",
            name_zh="新一代煤（能源）化工产业技术创新战略联盟",
            key_area="energy",
            industry="B",
            scope="national",
        ),
    )
    assert (alliance.code, alliance.status) == ("COAL", "forming")
    alliance_change_status(by=officer, alliance=alliance, new_status="established", comment="协议签署")
    with pytest.raises(InvalidTransition):
        alliance_change_status(by=officer, alliance=alliance, new_status="forming")
    assert list(
        AllianceStatusChange.objects.filter(alliance=alliance).values_list("old_status", "new_status")
    ) == [("", "forming"), ("forming", "established")]
    assert Alliance.objects.get(pk=alliance.pk).status == "established"


PILOT_BY_HAND = (
    "An alliance becomes a pilot only when the national office publishes the list of a call for pilots that "
    "selected it; its status cannot be set to pilot by hand."
)


def _status_record(alliance: Alliance) -> tuple[str, int, int]:
    return (
        Alliance.objects.get(pk=alliance.pk).status,
        AllianceStatusChange.objects.filter(alliance=alliance).count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("persona", ["national_officer", "provincial_officer", "secretariat"])
def test_nobody_makes_an_alliance_a_pilot_by_hand(world, persona) -> None:
    """Not even the national office: pilot status comes only from a published pilot decision."""
    officer = world.user("provincial_officer")
    alliance_change_status(by=officer, alliance=world.sdc, new_status="established")
    for alliance in (world.csa, world.sdc):
        before = _status_record(alliance)
        with pytest.raises(PermissionDenied) as exc:
            alliance_change_status(by=world.user(persona), alliance=alliance, new_status="pilot", comment="x")
        assert exc.value.message == PILOT_BY_HAND
        assert _status_record(alliance) == before
        assert before[0] == "established"


def test_the_publication_of_a_pilot_decision_makes_the_alliance_a_pilot(world) -> None:
    """``alliance_make_pilot`` is the system's move: the publishing officer is recorded, the decision named."""
    officer = world.user("national_officer")
    before = AuditEntry.objects.count()
    alliance = alliance_make_pilot(
        by=officer, alliance=world.csa, comment="入选试点。", decision={"call": 7, "application": 12}
    )
    assert Alliance.objects.get(pk=world.csa.pk).status == alliance.status == "pilot"
    change = AllianceStatusChange.objects.get(alliance=world.csa)
    assert (change.old_status, change.new_status, change.by, change.actor_label, change.comment) == (
        "established",
        "pilot",
        officer,
        "national_officer",
        "入选试点。",
    )
    entry = AuditEntry.objects.get(action="registry.alliance.status_changed")
    assert (entry.actor_label, entry.data) == (
        "national_officer",
        {
            "from": "established",
            "to": "pilot",
            "comment": "入选试点。",
            "call": 7,
            "application": 12,
            "sealed": seals_of([change]),
        },
    )
    assert AuditEntry.objects.count() == before + 1


def test_only_the_publication_of_a_pilot_decision_calls_alliance_make_pilot() -> None:
    """The system's move has one caller: no page, endpoint or command reaches it another way."""
    from pathlib import Path

    import itisa

    root = Path(itisa.__file__).parent
    callers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "alliance_make_pilot(" in path.read_text(encoding="utf-8")
    )
    assert callers == ["pilots/services/decisions.py", "registry/services/alliances.py"]


def test_only_an_established_alliance_becomes_a_pilot(world) -> None:
    officer = world.user("national_officer")
    before = _status_record(world.sdc)
    with pytest.raises(InvalidTransition) as exc:
        alliance_make_pilot(by=officer, alliance=world.sdc, comment="入选试点。")
    assert exc.value.message == (
        "SDC is “Forming”, not “Established”: only an established alliance can become a pilot."
    )
    assert _status_record(world.sdc) == before


def test_leaving_pilot_status_needs_a_reason(world) -> None:
    """Undoing a wrongly recorded selection (or ending one) is a move of its own, with the reason kept."""
    officer = world.user("national_officer")
    alliance_make_pilot(by=officer, alliance=world.csa, comment="入选试点。")
    for blank in ("", "  "):
        before = _status_record(world.csa)
        with pytest.raises(DomainError) as exc:
            alliance_change_status(by=officer, alliance=world.csa, new_status="established", comment=blank)
        assert exc.value.fields == {
            "comment": [
                "Say why: leaving pilot status undoes or ends a published pilot decision, and the history "
                "keeps the reason."
            ]
        }
        assert _status_record(world.csa) == before
    alliance_change_status(
        by=officer, alliance=world.csa, new_status="established", comment="误记为试点，予以更正。"
    )
    change = AllianceStatusChange.objects.filter(alliance=world.csa).latest("pk")
    assert (change.old_status, change.new_status, change.comment) == (
        "pilot",
        "established",
        "误记为试点，予以更正。",
    )
    assert AuditEntry.objects.filter(action="registry.alliance.status_changed").latest("seq").data == {
        "from": "pilot",
        "to": "established",
        "comment": "误记为试点，予以更正。",
        "sealed": seals_of([change]),
    }


def test_confirmed_code_stays_accepted_when_other_fields_change(world) -> None:
    officer = world.user("national_officer")
    org = organisation_create(
        by=officer,
        data=OrganisationInput(**{**ORG, "uscc": "9134010068976734XA"}),
        confirm_reason="营业执照核对无误",
    )
    updated = organisation_update(
        by=officer,
        organisation=org,
        data=OrganisationInput(kind="enterprise", region_code="340104", address="合肥"),
    )
    assert (updated.uscc, updated.uscc_confirmed_reason, updated.region_code) == (
        "9134010068976734XA",
        "营业执照核对无误",
        "340104",
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [({"province": "11"}, "region_code"), ({"ownership": ""}, "ownership")],
    ids=["province-without-region", "enterprise-without-ownership"],
)
def test_update_rechecks_region_and_ownership(world, values, field) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        organisation_update(
            by=world.user("national_officer"), organisation=world.member_a, data=OrganisationInput(**values)
        )
    assert list(exc.value.fields) == [field]
    world.member_a.refresh_from_db()
    assert (world.member_a.province, world.member_a.ownership) == ("44", "private")
    assert AuditEntry.objects.count() == before


def test_secretariat_cannot_change_scope_or_province(world) -> None:
    from itisa.registry.services import alliance_update

    with pytest.raises(PermissionDenied):
        alliance_update(
            by=world.user("secretariat"),
            alliance=world.csa,
            data=AllianceInput(scope="regional", province="44"),
        )
    world.csa.refresh_from_db()
    assert (world.csa.scope, world.csa.province) == ("national", "")
    renamed = alliance_update(
        by=world.user("secretariat"),
        alliance=world.csa,
        data=AllianceInput(website="https://www.china-led.net"),
    )
    assert renamed.website == "https://www.china-led.net"


def test_legal_representative_role_does_not_grant_member_contact_rights(world) -> None:
    from itisa.accounts.models import RoleAssignment

    legalrep = world.user("legal_representative")
    # also a member contact, but of another organisation in another alliance
    RoleAssignment.objects.create(
        user=legalrep, role="member_contact", alliance=world.sdc, organisation=world.sd_org
    )
    with pytest.raises(PermissionDenied):
        organisation_update(by=legalrep, organisation=world.member_b, data=OrganisationInput(address="x"))
    world.member_b.refresh_from_db()
    assert world.member_b.address == "北京市海淀区"


@pytest.mark.parametrize(
    "values",
    [{"province": "44", "region_code": "440300"}, {"uscc": "91440300192317458F"}],
    ids=["province", "credit-code"],
)
def test_member_contact_cannot_change_identity_fields(world, values) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_update(
            by=world.user("member_contact"), organisation=world.member_b, data=OrganisationInput(**values)
        )
    world.member_b.refresh_from_db()
    assert (world.member_b.province, world.member_b.uscc) == ("11", "12100000400000624D")
    assert AuditEntry.objects.count() == before
    # the secretariat of its alliance may
    moved = organisation_update(
        by=world.user("secretariat"), organisation=world.member_b, data=OrganisationInput(**values)
    )
    assert {k: getattr(moved, k) for k in values} == values
