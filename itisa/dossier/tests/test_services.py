"""Export, validation, import (all-or-nothing, idempotent) and the byte-identical round trip."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import PermissionDenied
from itisa.dossier.schemas import Problem
from itisa.dossier.services import (
    dossier_dumps,
    dossier_export,
    dossier_export_json,
    dossier_import,
    dossier_validate,
    import_kinds,
)
from itisa.membership.models import Membership
from itisa.registry.models import Alliance, AllianceStatusChange, Organisation, Person
from itisa.registry.services import alliance_make_pilot
from tests.factories import UserFactory

SAMPLE = Path(__file__).parent / "data" / "csa.json"


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_bytes())


def per_kind(**counts: int) -> dict[str, int]:
    """Counts of an import per kind of object: the given ones, zero for the rest."""
    return {**dict.fromkeys(import_kinds(), 0), **counts}


def counts() -> tuple[int, ...]:
    return (
        Alliance.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        AllianceStatusChange.objects.count(),
        AuditEntry.objects.count(),
    )


def test_export_of_world_csa_has_exact_content(world: Any) -> None:
    data = dossier_export(world.csa)
    assert data["format"] == "itisa.dossier"
    assert data["version"] == "1.6"
    assert data["alliance"] == {
        "code": "CSA",
        "name_zh": "半导体照明产业技术创新战略联盟",
        "name_en": "China Solid State Lighting Alliance",
        "short_name_zh": "",
        "short_name_en": "",
        "key_area": "energy",
        "emerging_industry": "new_materials",
        "industry": "C",
        "scope": "national",
        "province": None,
        "founded_on": "2004-10-01",
        "host_unit": "914403001922038216",
        "website": "",
        "status": "established",
        "is_demo": True,
    }
    assert [o["uscc"] for o in data["organisations"]] == ["12100000400000624D", "914403001922038216"]
    university = data["organisations"][0]
    assert (
        university["name_zh"],
        university["kind"],
        university["ownership"],
        university["region_code"],
    ) == (
        "乙大学",
        "university",
        None,
        "100000",
    )
    assert set(university["legal_representative"]) == {"name_zh", "name_en", "title", "phone", "email"}
    assert data["memberships"] == [
        {"organisation": "12100000400000624D", "rank": "council", "joined_on": "2005-01-01", "left_on": None,
         "left_reason": ""},
        {"organisation": "914403001922038216", "rank": "chair", "joined_on": "2004-10-01", "left_on": None,
         "left_reason": ""},
    ]  # fmt: skip
    assert data["status_history"] == []
    assert data["pilot_applications"] == []
    # the persona holding the fund supervisor role; no book is kept yet
    assert data["funds"] == {"book": None, "funds": [], "supervisors": ["fund_supervisor"]}
    assert data["office_findings"] is None  # the office's findings travel only signed by the office
    text = dossier_export_json(world.csa)
    assert text.endswith(b"}\n")
    assert "半导体照明".encode() in text
    assert b'"id"' not in text


def test_round_trip_into_an_empty_database_is_byte_identical(db: Any) -> None:
    assert counts() == (0, 0, 0, 0, 0, 0)
    result = dossier_import(sample())
    assert result.problems == []
    assert result.created == per_kind(alliance=1, organisation=4, person=3, membership=5, status_change=2)
    alliance = Alliance.objects.get(code="CSA")
    assert dossier_export_json(alliance) == SAMPLE.read_bytes()
    history = list(alliance.status_changes.order_by("at"))
    assert [(h.at, h.old_status, h.new_status, h.by) for h in history] == [
        (dt.datetime(2004, 9, 30, 16, tzinfo=dt.UTC), "", "forming", None),
        (dt.datetime(2004, 10, 1, 2, tzinfo=dt.UTC), "forming", "established", None),
    ]
    # one audit entry per created object, all by the system
    entries = AuditEntry.objects.filter(action="dossier.dossier.imported")
    assert entries.count() == 15
    assert set(entries.values_list("actor_label", flat=True)) == {"system"}


def test_second_import_changes_nothing_and_writes_no_audit_entry(db: Any) -> None:
    dossier_import(sample())
    before = counts()
    result = dossier_import(sample())
    assert result.problems == []
    assert result.created == dict.fromkeys(result.created, 0)
    assert result.updated == dict.fromkeys(result.updated, 0)
    assert result.unchanged == per_kind(alliance=1, organisation=4, person=3, membership=5, status_change=2)
    assert counts() == before


def test_import_updates_only_what_changed(db: Any) -> None:
    dossier_import(sample())
    data = sample()
    data["alliance"]["website"] = "https://csa.example.cn/"
    data["memberships"][0]["rank"] = "vice_chair"
    audit_before = AuditEntry.objects.count()
    result = dossier_import(data)
    assert result.updated == per_kind(alliance=1, membership=1)
    assert result.created == dict.fromkeys(result.created, 0)
    assert AuditEntry.objects.count() == audit_before + 2
    entry = AuditEntry.objects.filter(object_type="registry.alliance").last()
    assert entry is not None
    assert entry.data == {
        "dossier": "CSA",
        "change": "updated",
        "changes": {"website": ["", "https://csa.example.cn/"]},
    }
    assert Alliance.objects.get(code="CSA").website == "https://csa.example.cn/"


def test_reimport_of_an_export_of_existing_data_is_unchanged(world: Any) -> None:
    data = dossier_export(world.csa)
    before = counts()
    result = dossier_import(data)
    assert result.problems == []
    assert sum(result.created.values()) + sum(result.updated.values()) == 0
    assert counts() == before


def test_validate_lists_every_problem_with_its_path(db: Any) -> None:
    data = sample()
    data["extra"] = 1
    data["alliance"]["scope"] = "regional"
    data["alliance"]["founded_on"] = "2004-13-01"
    data["organisations"][1]["uscc"] = "12320102DM000003X4"  # 18th character wrong
    data["organisations"][2]["kind"] = "company"
    data["organisations"][3]["region_code"] = "350200"  # not in Guangdong
    data["memberships"][2]["organisation"] = "91110000710925462X"
    data["memberships"].append(copy.deepcopy(data["memberships"][3]))
    problems = dossier_validate(data)
    assert [p.path for p in problems] == [
        "$.alliance.founded_on",
        "$.organisations[2].kind",
        "$.extra",
        "$.organisations[1].uscc",
        "$.organisations[3].region_code",
        "$.alliance.province",
        "$.memberships[1].organisation",
        "$.memberships[2].organisation",
        "$.memberships[5].organisation",
        "$.memberships[5].organisation",
    ]
    assert problems[3] == Problem(
        "$.organisations[1].uscc",
        "The check character (character 18, GB 32100) fails; expected 3. "
        "An officer may accept the code after checking the business licence, giving a reason.",
    )
    assert (
        str(problems[4])
        == "$.organisations[3].region_code: The region code does not lie in the chosen province."
    )


def test_needs_confirmation_code_is_accepted_with_a_reason(db: Any) -> None:
    data = sample()
    data["organisations"][1]["uscc"] = "12320102DM000003X4"
    data["organisations"][1]["uscc_confirmed_reason"] = "演示：营业执照已核对"
    for membership in data["memberships"]:
        if membership["organisation"] == "12320102DM000003X3":
            membership["organisation"] = "12320102DM000003X4"
    assert dossier_validate(data) == []


@pytest.mark.parametrize("data", [[], "x", None])
def test_validate_refuses_a_non_object(data: Any) -> None:
    assert dossier_validate(data) == [Problem("$", "A dossier is a JSON object.")]


def test_a_dossier_with_one_bad_membership_writes_nothing(db: Any) -> None:
    data = sample()
    data["memberships"][4]["left_on"] = "2001-01-01"  # before joining
    result = dossier_import(data)
    assert [str(p) for p in result.problems] == [
        "$.memberships[4].left_reason: Give the reason for leaving.",
        "$.memberships[4].left_on: The leaving date is before the joining date.",
    ]
    assert result.created == dict.fromkeys(result.created, 0)
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_an_unknown_actor_travels_as_a_label_and_round_trips_byte_identical(db: Any) -> None:
    data = sample()
    for change in data["status_history"]:
        change["by"] = "national"  # a username that does not exist in this database
    result = dossier_import(data)
    assert result.problems == []
    assert result.created["status_change"] == 2
    alliance = Alliance.objects.get(code="CSA")
    rows = alliance.status_changes.order_by("at")
    assert [(h.new_status, h.by, h.actor_label) for h in rows] == [
        ("forming", None, "national"),
        ("established", None, "national"),
    ]
    assert dossier_dumps(sample()) == SAMPLE.read_bytes()  # dossier_dumps is the canonical form
    assert dossier_export_json(alliance) == dossier_dumps(data)


def test_a_known_actor_is_linked_to_the_user(db: Any) -> None:
    user = UserFactory(username="national")
    data = sample()
    data["status_history"][1]["by"] = "national"
    assert dossier_import(data).problems == []
    rows = Alliance.objects.get(code="CSA").status_changes.order_by("at")
    assert [(h.by, h.actor_label) for h in rows] == [(None, ""), (user, "national")]


def test_export_names_the_actor_as_at_the_time_of_the_change(world: Any) -> None:
    officer = world.user("national_officer")
    alliance_make_pilot(by=officer, alliance=world.csa, comment="入选试点")
    change = AllianceStatusChange.objects.get(alliance=world.csa)
    officer.username = "renamed"
    officer.save(update_fields=["username"])
    assert dossier_export(world.csa)["status_history"] == [
        {
            "at": change.at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "old_status": "established",
            "new_status": "pilot",
            "by": "national_officer",
            "comment": "入选试点",
        }
    ]


def test_export_of_a_row_without_a_label_names_its_user(world: Any) -> None:
    AllianceStatusChange.objects.create(
        alliance=world.csa,
        old_status="forming",
        new_status="established",
        by=world.user("national_officer"),
        at=dt.datetime(2004, 10, 1, 2, tzinfo=dt.UTC),
    )
    assert [h["by"] for h in dossier_export(world.csa)["status_history"]] == ["national_officer"]


def _later_pilot_status(alliance: Alliance) -> None:
    """The record here moved on after the dossier was written: established → pilot in 2010."""
    AllianceStatusChange.objects.create(
        alliance=alliance,
        old_status="established",
        new_status="pilot",
        actor_label="national",
        at=dt.datetime(2010, 1, 1, tzinfo=dt.UTC),
    )
    Alliance.objects.filter(pk=alliance.pk).update(status="pilot")


def test_an_older_dossier_cannot_move_the_status_back_and_writes_nothing(db: Any) -> None:
    dossier_import(sample())
    _later_pilot_status(Alliance.objects.get(code="CSA"))
    data = sample()
    data["alliance"]["website"] = "https://csa.example.cn/"  # written before the refusal, rolled back
    data["organisations"][0]["name_en"] = "Renamed Institute"
    before = counts()
    result = dossier_import(data)
    assert [str(p) for p in result.problems] == [
        "$.alliance.status: The dossier is older than the record here or conflicts with it: "
        "the latest status change here is to pilot."
    ]
    assert result.created == dict.fromkeys(result.created, 0)
    assert counts() == before
    alliance = Alliance.objects.get(code="CSA")
    assert (alliance.status, alliance.website) == ("pilot", "")
    assert (
        Organisation.objects.get(uscc="12110108DM0000013M").name_en == "Demo Solid State Lighting Institute"
    )


def test_a_dossier_conflicting_with_the_history_here_writes_nothing(db: Any) -> None:
    dossier_import(sample())
    _later_pilot_status(Alliance.objects.get(code="CSA"))
    data = sample()
    # Another system suspended the alliance in 2009, before the pilot move recorded here.
    data["status_history"].append(
        {"at": "2009-01-01T00:00:00Z", "old_status": "established", "new_status": "suspended", "by": None,
         "comment": ""}
    )  # fmt: skip
    data["alliance"]["status"] = "suspended"
    before = counts()
    result = dossier_import(data)
    assert [p.path for p in result.problems] == ["$.alliance.status"]
    assert counts() == before
    assert Alliance.objects.get(code="CSA").status == "pilot"


def test_a_newer_dossier_moves_the_status_on(db: Any) -> None:
    dossier_import(sample())
    data = sample()
    data["status_history"].append(
        {"at": "2010-01-01T00:00:00Z", "old_status": "established", "new_status": "pilot", "by": "national",
         "comment": ""}
    )  # fmt: skip
    data["alliance"]["status"] = "pilot"
    result = dossier_import(data)
    assert result.problems == []
    assert (result.created["status_change"], result.unchanged["status_change"]) == (1, 2)
    assert result.updated["alliance"] == 1
    assert Alliance.objects.get(code="CSA").status == "pilot"


def test_an_active_membership_colliding_with_the_database_writes_nothing(world: Any) -> None:
    data = dossier_export(world.csa)
    data["memberships"][0]["joined_on"] = "2006-01-01"  # a second active membership of 乙大学
    before = counts()
    result = dossier_import(data)
    assert [p.path for p in result.problems] == ["$.memberships[0]"]
    assert counts() == before


def test_validate_checks_status_email_and_website(db: Any) -> None:
    data = sample()
    data["alliance"]["status"] = "pilot"
    data["alliance"]["website"] = "not a url"
    data["organisations"][0]["legal_representative"]["email"] = "nobody@"
    assert [str(p) for p in dossier_validate(data)] == [
        "$.organisations[0].legal_representative.email: Enter a valid email address.",
        "$.alliance.website: Enter a valid URL.",
        "$.alliance.status: The status differs from the last status change (established).",
    ]


@pytest.mark.parametrize("persona", ["secretariat", "provincial_officer", "association_officer", "outsider"])
def test_import_by_a_user_other_than_a_national_officer_is_refused(world: Any, persona: str) -> None:
    data = sample()
    data["alliance"]["code"] = "CSA2"
    before = counts()
    with pytest.raises(PermissionDenied, match=r"^Only national office officers may import a dossier\.$"):
        dossier_import(data, by=world.user(persona))
    assert counts() == before


def test_import_by_a_provincial_officer_of_a_regional_alliance_is_refused(world: Any) -> None:
    data = dossier_export(world.sdc)
    data["alliance"]["name_en"] = "Renamed"
    before = counts()
    with pytest.raises(PermissionDenied):
        dossier_import(data, by=world.user("provincial_officer"))
    assert counts() == before
    assert Alliance.objects.get(code="SDC").name_en == "Shandong Coal Chemical Alliance"


def test_import_by_a_national_officer_is_logged_as_theirs(world: Any) -> None:
    data = sample()
    data["alliance"]["code"] = "CSA2"
    result = dossier_import(data, by=world.user("national_officer"))
    assert result.problems == []
    actors = set(
        AuditEntry.objects.filter(action="dossier.dossier.imported").values_list("actor_label", flat=True)
    )
    assert actors == {"national_officer"}
