"""Registry endpoints: alliances, status workflow, organisations, credit-code checks."""

from __future__ import annotations

import pytest

from itisa.audit.models import AuditEntry
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation

NEW_ALLIANCE = {
    "code": "QKD",
    "name_zh": "量子保密通信产业技术创新战略联盟",
    "key_area": "information",
    "industry": "I",
    "scope": "national",
    "founded_on": "2020-05-01",
}
NEW_ORG = {
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
    "legal_rep_phone": "0551-1234567",
}


def test_alliance_list_anonymous_sees_public_alliances_only(world, as_persona) -> None:
    body = as_persona("anonymous").get("/alliances").json()
    assert [a["code"] for a in body["items"]] == ["CSA"]
    assert body["next_cursor"] is None
    assert body["items"][0] == {
        "code": "CSA",
        "name_zh": "半导体照明产业技术创新战略联盟",
        "name_en": "China Solid State Lighting Alliance",
        "short_name_zh": "",
        "short_name_en": "",
        "key_area": "energy",
        "emerging_industry": "new_materials",
        "industry": "C",
        "scope": "national",
        "province": "",
        "founded_on": "2004-10-01",
        "host_unit": "914403001922038216",
        "website": "",
        "status": "established",
    }


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["CSA", "SDC"]),
        ("?q=煤化工", ["SDC"]),
        ("?status=forming", ["SDC"]),
        ("?scope=national", ["CSA"]),
        ("?province=37", ["SDC"]),
        ("?industry=C", ["CSA"]),
        ("?emerging_industry=new_materials", ["CSA"]),
        ("?key_area=energy&scope=regional", ["SDC"]),
    ],
)
def test_alliance_list_filters(world, as_persona, query: str, codes: list[str]) -> None:
    body = as_persona("provincial_officer").get(f"/alliances{query}").json()
    assert [a["code"] for a in body["items"]] == codes


def test_forming_alliance_is_hidden_from_the_public(world, as_persona) -> None:
    assert as_persona("anonymous").get("/alliances/SDC").status_code == 404
    assert as_persona("provincial_officer").get("/alliances/sdc").json()["status"] == "forming"


def test_national_officer_creates_alliance(world, as_persona) -> None:
    response = as_persona("national_officer").post(
        "/alliances", {**NEW_ALLIANCE, "host_unit": world.member_b.uscc}
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["host_unit"]) == ("forming", "12100000400000624D")
    alliance = Alliance.objects.get(code="QKD")
    assert (alliance.host_unit, alliance.status) == (world.member_b, "forming")
    assert (
        AuditEntry.objects.filter(action="registry.alliance.created", object_id=str(alliance.pk)).count() == 1
    )


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 401), ("outsider", 403), ("secretariat", 403)])
def test_alliance_create_denied_writes_nothing(world, as_persona, persona: str, status: int) -> None:
    before = (Alliance.objects.count(), AuditEntry.objects.count())
    response = as_persona(persona).post("/alliances", NEW_ALLIANCE)
    assert response.status_code == status
    assert response.json()["code"] == {401: "unauthenticated", 403: "permission_denied"}[status]
    assert (Alliance.objects.count(), AuditEntry.objects.count()) == before


def test_alliance_create_validation_errors_name_fields(world, as_persona) -> None:
    response = as_persona("national_officer").post("/alliances", {"code": "QKD", "scope": "national"})
    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_error",
        "message": "Please correct the errors below.",
        "fields": {"name_zh": ["Field required"], "industry": ["Field required"]},
    }
    response = as_persona("national_officer").post("/alliances", {**NEW_ALLIANCE, "code": "bad code!"})
    assert response.status_code == 422
    assert response.json()["fields"]["code"] == [
        "Use 1–20 upper-case letters, digits or hyphens, starting with a letter (e.g. CSA)."
    ]
    response = as_persona("national_officer").post("/alliances", {**NEW_ALLIANCE, "host_unit": "000"})
    assert response.json()["fields"] == {"host_unit": ["No organisation with this credit code."]}
    assert not Alliance.objects.filter(code="QKD").exists()


def test_duplicate_alliance_code_is_refused(world, as_persona) -> None:
    response = as_persona("national_officer").post("/alliances", {**NEW_ALLIANCE, "code": "CSA"})
    assert (response.status_code, response.json()["code"], response.json()["fields"]) == (
        422,
        "validation_error",
        {"code": ["Alliance with this Short code already exists."]},
    )


def test_secretariat_updates_its_alliance(world, as_persona) -> None:
    response = as_persona("secretariat").patch("/alliances/CSA", {"website": "https://www.china-led.net/"})
    assert (response.status_code, response.json()["website"]) == (200, "https://www.china-led.net/")
    world.csa.refresh_from_db()
    assert (world.csa.website, world.csa.name_en) == (
        "https://www.china-led.net/",
        "China Solid State Lighting Alliance",
    )
    entry = AuditEntry.objects.get(action="registry.alliance.updated")
    assert entry.data == {"changes": {"website": ["", "https://www.china-led.net/"]}}


def test_alliance_update_denied(world, as_persona) -> None:
    response = as_persona("council_member").patch("/alliances/CSA", {"website": "https://evil.example/"})
    assert response.status_code == 403
    world.csa.refresh_from_db()
    assert world.csa.website == ""
    assert not AuditEntry.objects.filter(action="registry.alliance.updated").exists()


def test_transition_and_history(world, as_persona) -> None:
    response = as_persona("provincial_officer").post(
        "/alliances/SDC/transitions", {"status": "established", "comment": "批准成立"}
    )
    assert (response.status_code, response.json()["status"]) == (200, "established")
    history = as_persona("expert").get("/alliances/SDC/history").json()["items"]
    assert [(h["old_status"], h["new_status"], h["by"], h["comment"]) for h in history] == [
        ("forming", "established", "provincial_officer", "批准成立")
    ]
    # the public sees the move but not who made it
    public = as_persona("anonymous").get("/alliances/SDC/history").json()["items"]
    assert [(h["old_status"], h["new_status"], h["by"]) for h in public] == [("forming", "established", None)]
    from itisa.audit.seals import seals_of
    from itisa.registry.models import AllianceStatusChange

    row = AllianceStatusChange.objects.get(alliance=world.sdc)
    assert AuditEntry.objects.get(action="registry.alliance.status_changed").data == {
        "from": "forming",
        "to": "established",
        "comment": "批准成立",
        "sealed": [
            {"table": "registry_alliancestatuschange", "id": row.pk, "sha256": seals_of([row])[0]["sha256"]}
        ],
    }


@pytest.mark.parametrize(
    ("persona", "target", "status", "code"),
    [
        ("secretariat", "pilot", 403, "permission_denied"),
        ("provincial_officer", "suspended", 403, "permission_denied"),
        ("national_officer", "forming", 409, "invalid_transition"),
        ("national_officer", "bogus", 409, "invalid_transition"),
    ],
)
def test_transition_refused(world, as_persona, persona, target, status, code) -> None:
    response = as_persona(persona).post("/alliances/CSA/transitions", {"status": target})
    assert (response.status_code, response.json()["code"]) == (status, code)
    world.csa.refresh_from_db()
    assert world.csa.status == "established"
    assert not AllianceStatusChange.objects.exists()
    assert not AuditEntry.objects.filter(action="registry.alliance.status_changed").exists()


def test_the_national_office_cannot_make_an_alliance_a_pilot_through_the_api(world, as_persona) -> None:
    before = AuditEntry.objects.count()
    response = as_persona("national_officer").post(
        "/alliances/CSA/transitions", {"status": "pilot", "comment": "直接设为试点"}
    )
    assert (response.status_code, response.json()) == (
        403,
        {
            "code": "permission_denied",
            "message": "An alliance becomes a pilot only when the national office publishes the list of a call "
            "for pilots that selected it; its status cannot be set to pilot by hand.",
            "fields": {},
        },
    )
    world.csa.refresh_from_db()
    assert world.csa.status == "established"
    assert not AllianceStatusChange.objects.exists()
    assert AuditEntry.objects.count() == before


def test_organisation_list_and_filters(world, as_persona) -> None:
    body = as_persona("anonymous").get("/organisations").json()
    assert [o["name_zh"] for o in body["items"]] == [
        "乙大学",
        "甲公司",
    ]  # SD org belongs only to a forming alliance
    body = as_persona("national_officer").get("/organisations?province=37").json()
    assert [o["name_zh"] for o in body["items"]] == ["鲁煤集团"]
    body = as_persona("national_officer").get("/organisations?kind=university&q=乙").json()
    assert [o["uscc"] for o in body["items"]] == ["12100000400000624D"]


@pytest.mark.parametrize(
    ("persona", "contacts"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("expert", False),
        ("secretariat", True),
        ("member_contact", True),
        ("national_officer", True),
    ],
)
def test_organisation_contacts_only_when_allowed(world, as_persona, persona: str, contacts: bool) -> None:
    rep = world.member_b.legal_representative
    body = as_persona(persona).get("/organisations/12100000400000624d").json()
    assert body["legal_representative"] == {
        "name_zh": rep.name_zh,
        "name_en": rep.name_en,
        "title": "董事长",
        "phone": "010-12345678" if contacts else None,
        "email": rep.email if contacts else None,
    }


def test_organisation_create_with_confirmation_reason(world, as_persona) -> None:
    response = as_persona("secretariat").post("/organisations", NEW_ORG)
    assert response.status_code == 201
    # not yet a member of the secretariat's alliance: its contacts are not the secretariat's to see
    assert response.json()["legal_representative"] == {
        "name_zh": "应勇",
        "name_en": "",
        "title": "董事长",
        "phone": None,
        "email": None,
    }
    detail = as_persona("national_officer").get("/organisations/9134010068976734XU").json()
    assert (detail["legal_representative"]["phone"], detail["legal_representative"]["email"]) == (
        "0551-1234567",
        "",
    )
    values = {**NEW_ORG, "uscc": "9134010068976734XA", "name_zh": "另一单位"}
    refused = as_persona("national_officer").post("/organisations", values)
    assert (refused.status_code, list(refused.json()["fields"])) == (422, ["uscc"])
    accepted = as_persona("national_officer").post(
        "/organisations", {**values, "uscc_confirmation_reason": "营业执照核对无误"}
    )
    assert (accepted.status_code, accepted.json()["uscc_confirmed_reason"]) == (201, "营业执照核对无误")


def test_organisation_create_denied_and_invalid(world, as_persona) -> None:
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    assert as_persona("expert").post("/organisations", NEW_ORG).status_code == 403
    response = as_persona("secretariat").post(
        "/organisations", {**NEW_ORG, "uscc": "9134010068976734X", "legal_rep_email": "not-an-email"}
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "uscc": ["A unified social credit code has exactly 18 characters."],
        "legal_rep_email": ["Enter a valid email address."],
    }
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before


def test_organisation_update(world, as_persona) -> None:
    response = as_persona("member_contact").patch(
        f"/organisations/{world.member_b.uscc}", {"address": "北京市海淀区清华园"}
    )
    assert (response.status_code, response.json()["address"]) == (200, "北京市海淀区清华园")
    denied = as_persona("expert").patch(f"/organisations/{world.member_b.uscc}", {"address": "别处"})
    assert denied.status_code == 403
    world.member_b.refresh_from_db()
    assert world.member_b.address == "北京市海淀区清华园"
    assert AuditEntry.objects.filter(action="registry.organisation.updated").count() == 1


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("9134010068976734XU", {"status": "valid", "failure": None, "expected": None, "message": ""}),
        (
            "9134010068976734XA",
            {
                "status": "needs-confirmation",
                "failure": "check-character",
                "expected": "U",
                "message": "The check character (character 18, GB 32100) fails; expected U. "
                "An officer may accept the code after checking the business licence, giving a reason.",
            },
        ),
        (
            "9134010068976734X",
            {
                "status": "invalid",
                "failure": "length",
                "expected": None,
                "message": "A unified social credit code has exactly 18 characters.",
            },
        ),
    ],
)
def test_uscc_check(db, code: str, expected: dict) -> None:
    from itisa.api.tests.conftest import Api

    assert Api(None).get(f"/uscc/{code}").json() == {"code": code, **expected}
