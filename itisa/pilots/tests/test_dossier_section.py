"""Dossier 1.3: the pilot program's section ``pilot_applications`` — exact export, import into an empty
database and back to the same bytes, idempotent re-import, accounts by username, who sees the expert
reviews, merging a newer dossier, refusing an older or conflicting one, and every problem named by its
JSON path with nothing written."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.dossier.services import (
    dossier_dumps,
    dossier_export,
    dossier_export_json,
    dossier_import,
    dossier_validate,
    import_kinds,
)
from itisa.dossier.tests.governance_scenario import Clock, at
from itisa.pilots import services
from itisa.pilots.models import (
    Application,
    ApplicationStatusChange,
    Assignment,
    Call,
    Expert,
    Material,
    Recommendation,
    Review,
)
from itisa.pilots.tests.pilot_fixtures import PDF, fill
from itisa.registry.models import Alliance
from tests.factories import OrganisationFactory, UserFactory

SAMPLE = Path(__file__).resolve().parents[2] / "dossier" / "tests" / "data" / "csa-pilots.json"
EXPERT_ORG = "91110108T000901235"
LETTER = b"%PDF-1.4\n% signed recommendation letter\n%%EOF\n"


def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_bytes())


def per_kind(**counts: int) -> dict[str, int]:
    return {**dict.fromkeys(import_kinds(), 0), **counts}


def rows() -> tuple[int, ...]:
    """How many rows of each pilot-program model there are, and audit entries."""
    models = (Call, Application, ApplicationStatusChange, Material, Recommendation, Expert, Assignment, Review,
              AuditEntry)  # fmt: skip
    return tuple(m.objects.count() for m in models)


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    current = Clock(at(1, 5, 9))
    monkeypatch.setattr(timezone, "now", lambda: current.now)
    return current


def build_pilots(world: Any, clock: Clock) -> Application:
    """CSA's application to a 2026 call: submitted with its materials, recommended by the national office
    with a signed letter, sent to expert review, two experts assigned, one review submitted."""
    office, secretariat = world.user("national_officer"), world.user("secretariat")
    call = services.call_create(
        by=office,
        data=services.CallInput(
            title_zh="2026年产业技术创新战略试点联盟申报",
            title_en="2026 call for pilot alliances",
            opens_on=dt.date(2026, 1, 4),
            closes_on=dt.date(2026, 3, 31),
            rules="2008",
            max_pilots=1,
            max_cultivation=1,
        ),
    )
    call = services.call_open(by=office, call=call)
    application = services.application_create(by=secretariat, call=call, alliance=world.csa)
    fill(world, application)
    clock.set(at(1, 6, 10))
    application = services.application_submit(by=secretariat, application=application)
    clock.set(at(1, 7, 9))
    services.recommendation_add(
        by=office, application=application, letter="推荐该联盟申报试点。", name="推荐函.pdf", data=LETTER
    )
    clock.set(at(1, 8, 9))
    application = services.application_move(by=office, application=application, target="formal_check")
    clock.set(at(1, 8, 10))
    application = services.application_move(
        by=office, application=application, target="expert_review", comment="形式审查通过。"
    )
    wang = services.expert_create(
        by=office,
        user=UserFactory(username="reviewer-wang"),
        name="王评审",
        organisation=OrganisationFactory(uscc=EXPERT_ORG, name_zh="评审研究院"),
        specialities="半导体照明",
    )
    li = services.expert_create(by=office, user=UserFactory(username="reviewer-li"), name="李评审")
    clock.set(at(1, 9, 9))
    first = services.expert_assign(by=office, application=application, expert=wang)
    clock.set(at(1, 9, 10))
    services.expert_assign(by=office, application=application, expert=li)
    clock.set(at(1, 10, 15))
    services.review_submit(
        by=wang.user,
        assignment=first,
        scores={"innovation": 86, "industry": 82, "governance": 90, "cooperation": 84, "funds": 78},
        comments={"governance": "机构健全。"},
        summary="建议列为试点。",
    )
    return application


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


PDF_SHA = hashlib.sha256(PDF).hexdigest()
LETTER_SHA = hashlib.sha256(LETTER).hexdigest()


def upload(code: str) -> dict[str, Any]:
    return {"code": code, "kind": "upload", "original_name": f"{code}.pdf", "size": len(PDF), "sha256": PDF_SHA,
            "reference": "", "added_at": "2026-01-05T01:00:00Z", "content": b64(PDF)}  # fmt: skip


def history(status: str, at: str, old: str, by: str, comment: str = "") -> dict[str, Any]:
    return {"at": at, "old_status": old, "new_status": status, "by": by, "comment": comment}


SCORES = {"innovation": 86, "industry": 82, "governance": 90, "cooperation": 84, "funds": 78}
REVIEWS = [
    {
        "expert": {"name": "王评审", "organisation": EXPERT_ORG, "specialities": "半导体照明"},
        "assigned_at": "2026-01-09T01:00:00Z",
        "scores": SCORES,
        "comments": {
            "innovation": "",
            "industry": "",
            "governance": "机构健全。",
            "cooperation": "",
            "funds": "",
        },
        "summary": "建议列为试点。",
        "total": "84.40",
        "submitted_at": "2026-01-10T07:00:00Z",
    },
    {
        "expert": {"name": "李评审", "organisation": None, "specialities": ""},
        "assigned_at": "2026-01-09T02:00:00Z",
        "scores": None,
        "comments": {},
        "summary": "",
        "total": None,
        "submitted_at": None,
    },
]
CALL = {
    "title_zh": "2026年产业技术创新战略试点联盟申报", "title_en": "2026 call for pilot alliances",
    "opens_on": "2026-01-04", "closes_on": "2026-03-31", "rules": "2008", "max_pilots": 1, "max_cultivation": 1,
    "materials": [
        {"code": "application_form", "label_zh": "试点申请书", "label_en": "Application form"},
        {"code": "agreement", "label_zh": "联盟协议", "label_en": "Alliance agreement"},
        {"code": "charter", "label_zh": "联盟章程", "label_en": "Charter"},
        {"code": "member_list", "label_zh": "成员单位名单及法人资格证明",
         "label_en": "Member list with proof of legal-person status"},
        {"code": "bodies_staff", "label_zh": "组织机构及专职人员情况",
         "label_en": "Decision, advisory and executive bodies and full-time staff"},
        {"code": "fund_rules", "label_zh": "经费管理制度", "label_en": "Fund management rules"},
        {"code": "ip_rules", "label_zh": "知识产权管理制度", "label_en": "Intellectual property management rules"},
        {"code": "work_summary", "label_zh": "上一年度工作总结", "label_en": "Last year's work summary"},
    ],
    "rubric": [
        {"code": "innovation", "label_zh": "技术创新能力与任务分工",
         "label_en": "Technological innovation capacity and division of tasks", "weight": 25},
        {"code": "industry", "label_zh": "产业影响力与带动作用", "label_en": "Weight in the industry and leading role",
         "weight": 20},
        {"code": "governance", "label_zh": "组织机构与运行机制", "label_en": "Bodies and operating mechanism",
         "weight": 20},
        {"code": "cooperation", "label_zh": "实质性合作与联合攻关成效",
         "label_en": "Substantive cooperation and joint R&D results", "weight": 20},
        {"code": "funds", "label_zh": "经费保障与管理", "label_en": "Funding and its management", "weight": 15},
    ],
    "status": "open", "published_at": None, "is_demo": False,
}  # fmt: skip
ELIGIBILITY = {
    "alliance": "CSA", "rules": "2008", "eligible": None,
    "criteria": [
        {"code": "art8.1.legal_persons", "result": "pass", "reason_zh": "成员均为独立法人。",
         "reason_en": "Every member is an independent legal person.", "reference": "第八条第（一）项", "facts": {}},
        {"code": "art8.1.backbone", "result": "needs_review", "reason_zh": "待审。", "reason_en": "To review.",
         "reference": "第八条第（一）项", "facts": {}},
    ],
}  # fmt: skip
APPLICATION = {
    "call": CALL,
    "status": "expert_review",
    "submitted_at": "2026-01-06T02:00:00Z",
    "eligibility": ELIGIBILITY,
    "eligible": None,
    "outcome": None,
    "decision_reasons": "",
    "decided_at": None,
    "pilot_from": None,
    "pilot_until": None,
    "is_demo": False,
    "status_history": [
        history("submitted", "2026-01-06T02:00:00Z", "draft", "secretariat"),
        history("formal_check", "2026-01-08T01:00:00Z", "submitted", "national_officer"),
        history("expert_review", "2026-01-08T02:00:00Z", "formal_check", "national_officer", "形式审查通过。"),
    ],
    # by code; the member list is the platform's own, the rest uploaded (fill() in pilot_fixtures)
    "materials": [
        upload("agreement"), upload("application_form"), upload("bodies_staff"), upload("charter"),
        upload("fund_rules"), upload("ip_rules"),
        {"code": "member_list", "kind": "generated", "original_name": "", "size": 0, "sha256": "",
         "reference": "/alliances/CSA/", "added_at": "2026-01-05T01:00:00Z", "content": None},
        upload("work_summary"),
    ],
    "recommendations": [
        {"recommender": "national_officer", "capacity": "national", "letter": "推荐该联盟申报试点。",
         "letter_sha256": LETTER_SHA, "letter_content": b64(LETTER), "at": "2026-01-07T01:00:00Z"},
    ],
    "reviews": REVIEWS,
}  # fmt: skip


# ---------------------------------------------------------------- export


def test_export_of_the_pilot_program_has_exact_content(
    world: Any, clock: Clock, media: Any, needs_review: Any
) -> None:
    build_pilots(world, clock)
    data = dossier_export(world.csa)
    assert data["version"] == "1.6"
    assert data["pilot_applications"] == [APPLICATION]
    # the reviewing expert's organisation travels although it is not a member
    assert [o["uscc"] for o in data["organisations"]] == [
        "12100000400000624D",
        EXPERT_ORG,
        "914403001922038216",
    ]
    # the committed sample is this export: its pilot section is exactly this
    assert sample()["pilot_applications"] == [APPLICATION]


def test_an_export_without_restricted_parts_has_no_reviews_and_no_experts(
    world: Any, clock: Clock, media: Any, needs_review: Any
) -> None:
    build_pilots(world, clock)
    data = dossier_export(world.csa, include_restricted=False)
    assert data["pilot_applications"] == [{**APPLICATION, "reviews": []}]
    assert [o["uscc"] for o in data["organisations"]] == ["12100000400000624D", "914403001922038216"]


@pytest.mark.parametrize(
    ("persona", "reviews", "organisations"),
    [
        ("secretariat", [], ["12100000400000624D", "914403001922038216"]),
        ("national_officer", REVIEWS, ["12100000400000624D", EXPERT_ORG, "914403001922038216"]),
    ],
)
def test_only_the_national_office_gets_the_reviews_through_the_api(
    world: Any, clock: Clock, media: Any, needs_review: Any, persona: str, reviews: Any, organisations: Any
) -> None:
    """An alliance never sees the reviews of its application: its secretariat's dossier has none."""
    build_pilots(world, clock)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.user(persona))
    response = client.get("/api/dossiers/CSA")
    assert response.status_code == 200
    body = response.json()
    assert body["pilot_applications"] == [{**APPLICATION, "reviews": reviews}]
    assert [o["uscc"] for o in body["organisations"]] == organisations
    assert body == dossier_export(world.csa, include_restricted=persona == "national_officer")


def test_a_file_gone_from_storage_travels_without_content_and_is_refused_on_import(
    world: Any, clock: Clock, media: Any, needs_review: Any
) -> None:
    application = build_pilots(world, clock)
    material = Material.objects.get(application=application, code="charter")
    material.file.storage.delete(material.file.name)
    data = dossier_export(world.csa)
    assert data["pilot_applications"][0]["materials"][3]["content"] is None
    problems = [str(p) for p in dossier_import(data).problems]
    assert problems == [
        "$.pilot_applications[0].materials[3].content: An uploaded material carries its content (base64)."
    ]


def _manage(tmp_path: Path, database: str, *args: str) -> str:
    """Run ``manage.py`` in a fresh process on its own SQLite database and media folder in ``tmp_path``."""
    env = {
        **os.environ,
        "ITISA_VAR_DIR": str(tmp_path),
        "ITISA_MEDIA_DIR": str(tmp_path / f"{database}-media"),
        "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "LANGUAGE": "en",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_export_import_into_a_fresh_database_export_is_byte_identical(
    world: Any, clock: Clock, media: Any, needs_review: Any, tmp_path: Path, migrated_sqlite: Path
) -> None:
    """From the database the services wrote to, through ``manage.py`` into a second one with no accounts,
    and back: the same bytes, the files stored again, and a second import changes nothing."""
    build_pilots(world, clock)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_bytes(dossier_export_json(world.csa))
    shutil.copy(migrated_sqlite, tmp_path / "b.sqlite3")
    _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    _manage(tmp_path, "b.sqlite3", "dossier", "export", "CSA", "--output", str(b))
    # the fund supervisor is a role of an account, which an import never grants (docs/dossier.md, "Funds")
    exported = json.loads(a.read_bytes())
    assert exported["funds"] == {"book": None, "funds": [], "supervisors": ["fund_supervisor"]}
    assert b.read_bytes() == dossier_dumps({**exported, "funds": {**exported["funds"], "supervisors": []}})
    stored = sorted((tmp_path / "b.sqlite3-media" / "pilots").rglob("*.pdf"))
    assert [f.read_bytes() for f in stored] == [PDF] * 7 + [LETTER]
    again = _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    # management commands speak the platform's language (zh-Hans)
    assert [line for line in again.splitlines() if line.startswith("pilot_")] == [
        "pilot_call：新建 0 条，更新 0 条，未变 1 条",
        "pilot_application：新建 0 条，更新 0 条，未变 1 条",
        "pilot_material：新建 0 条，更新 0 条，未变 8 条",
        "pilot_recommendation：新建 0 条，更新 0 条，未变 1 条",
        "pilot_expert：新建 0 条，更新 0 条，未变 2 条",
        "pilot_assignment：新建 0 条，更新 0 条，未变 2 条",
        "pilot_review：新建 0 条，更新 0 条，未变 1 条",
    ]


# ---------------------------------------------------------------- import


def test_import_into_an_empty_database_reproduces_the_record(db: Any, media: Path) -> None:
    assert rows() == (0,) * 9
    result = dossier_import(sample())
    assert result.problems == []
    assert {k: v for k, v in result.created.items() if k.startswith("pilot_")} == {
        "pilot_call": 1, "pilot_application": 1, "pilot_material": 8, "pilot_recommendation": 1,
        "pilot_expert": 2, "pilot_assignment": 2, "pilot_review": 1,
    }  # fmt: skip
    # calls, applications, history, materials, recommendations, experts, assignments, reviews
    assert rows()[:8] == (1, 1, 3, 8, 1, 2, 2, 1)
    call = Call.objects.get()
    assert (call.title_zh, call.opens_on, call.status, call.created_by) == (
        "2026年产业技术创新战略试点联盟申报",
        dt.date(2026, 1, 4),
        "open",
        None,
    )
    app = Application.objects.get()
    assert (app.alliance.code, app.status, app.created_by, app.submitted_at, app.eligible) == (
        "CSA",
        "expert_review",
        None,
        dt.datetime(2026, 1, 6, 2, tzinfo=dt.UTC),
        None,
    )
    # no accounts here: who acted is kept by name only
    assert list(app.status_changes.order_by("at").values_list("new_status", "by", "actor_label")) == [
        ("submitted", None, "secretariat"), ("formal_check", None, "national_officer"),
        ("expert_review", None, "national_officer"),
    ]  # fmt: skip
    recommendation = Recommendation.objects.get()
    assert (recommendation.recommender, recommendation.recommender_label, recommendation.letter_sha256) == (
        None,
        "national_officer",
        LETTER_SHA,
    )
    assert recommendation.letter_file.name == f"pilots/{app.pk}/recommendations/{LETTER_SHA}.pdf"
    assert (media / recommendation.letter_file.name).read_bytes() == LETTER
    # uploads are stored as the pilot program stores them: under their digest, never the given name (the
    # same bytes uploaded again are stored again, with a suffix)
    first, charter = Material.objects.get(code="agreement"), Material.objects.get(code="charter")
    assert (first.file.name, first.original_name, first.size, first.added_by) == (
        f"pilots/{app.pk}/{PDF_SHA}.pdf",
        "agreement.pdf",
        len(PDF),
        None,
    )
    assert charter.file.name.startswith(f"pilots/{app.pk}/{PDF_SHA}_")
    assert (media / first.file.name).read_bytes() == (media / charter.file.name).read_bytes() == PDF
    assert Material.objects.get(code="member_list").file.name == ""
    # experts have no account here and stay out of the pool until the office links one
    assert list(Expert.objects.order_by("name").values_list("name", "user", "organisation__uscc", "active")) == [
        ("李评审", None, None, False), ("王评审", None, EXPERT_ORG, False)
    ]  # fmt: skip
    review = Review.objects.get()
    assert (review.assignment.expert.name, review.scores, str(review.total), review.submitted_at) == (
        "王评审",
        SCORES,
        "84.40",
        dt.datetime(2026, 1, 10, 7, tzinfo=dt.UTC),
    )
    assert dossier_export_json(Alliance.objects.get(code="CSA")) == SAMPLE.read_bytes()
    entries = AuditEntry.objects.filter(action="dossier.dossier.imported")
    assert entries.count() == sum(result.created.values()) == 25
    assert entries.filter(object_type="pilots.review").count() == 1


def test_a_second_import_changes_nothing(db: Any, media: Any) -> None:
    dossier_import(sample())
    before = rows()
    result = dossier_import(sample())
    assert result.problems == []
    assert result.created == per_kind()
    assert result.updated == per_kind()
    assert result.unchanged == per_kind(
        alliance=1, organisation=3, person=3, membership=2,
        pilot_call=1, pilot_application=1, pilot_material=8, pilot_recommendation=1, pilot_expert=2,
        pilot_assignment=2, pilot_review=1,
    )  # fmt: skip
    assert rows() == before


def test_accounts_are_linked_when_a_user_of_that_name_exists(db: Any, media: Any) -> None:
    office, secretariat = UserFactory(username="national_officer"), UserFactory(username="secretariat")
    assert dossier_import(sample()).problems == []
    assert list(ApplicationStatusChange.objects.order_by("at").values_list("by", "actor_label")) == [
        (secretariat.pk, "secretariat"), (office.pk, "national_officer"), (office.pk, "national_officer")
    ]  # fmt: skip
    assert Recommendation.objects.get().recommender == office
    # experts and the accounts that created or assigned are not carried: nothing to link
    assert set(Expert.objects.values_list("user", flat=True)) == {None}
    assert set(Assignment.objects.values_list("assigned_by", flat=True)) == {None}


def test_an_expert_in_the_pool_here_is_matched_by_name_and_organisation(world: Any, media: Any) -> None:
    wang = services.expert_create(
        by=world.user("national_officer"),
        user=UserFactory(username="reviewer-wang"),
        name="王评审",
        organisation=OrganisationFactory(uscc=EXPERT_ORG, name_zh="评审研究院"),
        specialities="照明",
    )
    before = AuditEntry.objects.count()
    result = dossier_import(sample())
    assert result.problems == []
    assert (result.created["pilot_expert"], result.updated["pilot_expert"]) == (1, 1)
    wang.refresh_from_db()
    assert (wang.specialities, wang.active, wang.user.username) == ("半导体照明", True, "reviewer-wang")
    assert Review.objects.get().assignment.expert == wang
    changed = AuditEntry.objects.get(action="dossier.dossier.imported", object_id=str(wang.pk),
                                     object_type="pilots.expert")  # fmt: skip
    assert changed.data == {
        "dossier": "CSA", "change": "updated", "name": "王评审", "organisation": EXPERT_ORG,
        "changes": {"specialities": ["照明", "半导体照明"]},
    }  # fmt: skip
    assert AuditEntry.objects.count() - before == sum(result.created.values()) + sum(result.updated.values())


# ---------------------------------------------------------------- newer and older dossiers


def decided(data: dict[str, Any]) -> dict[str, Any]:
    """The sample after 李评审 reviewed (all 80) and the office decided: a pilot."""
    data = copy.deepcopy(data)
    app = data["pilot_applications"][0]
    app["reviews"][1].update(
        scores=dict.fromkeys(SCORES, 80), comments=dict.fromkeys(SCORES, ""), summary="同意。", total="80.00",
        submitted_at="2026-01-12T02:00:00Z",
    )  # fmt: skip
    app.update(
        status="decided",
        outcome="pilot",
        decision_reasons="评审均分最高。",
        decided_at="2026-01-20T02:00:00Z",
    )
    app["status_history"].append(history("decided", "2026-01-20T02:00:00Z", "expert_review", "national_officer",
                                          "Pilot"))  # fmt: skip
    return data


def published(data: dict[str, Any]) -> dict[str, Any]:
    """The decided dossier after the call's list was published: a pilot for two years."""
    data = decided(data)
    app = data["pilot_applications"][0]
    app["call"].update(status="published", published_at="2026-04-01T02:00:00Z")
    app.update(status="published", pilot_from="2026-04-01", pilot_until="2028-03-31")
    app["status_history"].append(history("published", "2026-04-01T02:00:00Z", "decided", "national_officer",
                                         "Pilot"))  # fmt: skip
    return data


def test_a_newer_dossier_adds_the_review_and_the_decision(db: Any, media: Any) -> None:
    dossier_import(sample())
    office = UserFactory(username="national_officer")
    result = dossier_import(decided(sample()))
    assert result.problems == []
    assert (result.created["pilot_review"], result.updated["pilot_application"]) == (1, 1)
    app = Application.objects.get()
    assert (app.status, app.outcome, app.decision_reasons, app.decided_at, app.decided_by) == (
        "decided",
        "pilot",
        "评审均分最高。",
        dt.datetime(2026, 1, 20, 2, tzinfo=dt.UTC),
        office,
    )
    assert [str(r.total) for r in Review.objects.order_by("submitted_at")] == ["84.40", "80.00"]
    entry = AuditEntry.objects.filter(object_type="pilots.application").order_by("-pk").first()
    assert entry.data["changes"]["status"] == ["expert_review", "decided"]
    assert entry.data["changes"]["status_history"] == [3, 4]
    # and then the publication: the call moves on, the pilot period is set
    assert dossier_import(published(sample())).problems == []
    call, app = Call.objects.get(), Application.objects.get()
    assert (call.status, call.published_at) == ("published", dt.datetime(2026, 4, 1, 2, tzinfo=dt.UTC))
    assert (app.status, app.pilot_from, app.pilot_until) == (
        "published",
        dt.date(2026, 4, 1),
        dt.date(2028, 3, 31),
    )
    assert json.loads(dossier_export_json(Alliance.objects.get(code="CSA"))) == published(sample())


def test_an_older_dossier_is_refused_and_writes_nothing(db: Any, media: Any) -> None:
    dossier_import(published(sample()))
    before = rows()
    older = decided(sample())
    older["pilot_applications"][0]["call"] = published(sample())["pilot_applications"][0]["call"]
    assert [str(p) for p in dossier_import(older).problems] == [
        "$.pilot_applications[0].status: The dossier is older than the record here or conflicts with it: "
        "the application to 2026年产业技术创新战略试点联盟申报 is published here."
    ]
    assert [str(p) for p in dossier_import(sample()).problems] == [
        "$.pilot_applications[0].call.status: The dossier is older than the record here or conflicts with it: "
        "the call 2026年产业技术创新战略试点联盟申报 is published here."
    ]
    assert rows() == before


@pytest.mark.parametrize(
    ("stage", "field", "value"),
    [
        ("decided", "outcome", "not_selected"),
        ("decided", "decision_reasons", "另有理由。"),
        ("published", "decided_at", "2026-01-21T02:00:00Z"),
        ("published", "pilot_until", "2028-04-30"),
    ],
)
def test_a_recorded_decision_is_never_rewritten_by_an_import(
    db: Any, media: Any, stage: str, field: str, value: str
) -> None:
    to_stage = {"decided": decided, "published": published}[stage]
    dossier_import(to_stage(sample()))
    before = rows()
    data = to_stage(sample())
    data["pilot_applications"][0][field] = value
    assert [str(p) for p in dossier_import(data).problems] == [
        f"$.pilot_applications[0].{field}: The decision on the application to 2026年产业技术创新战略试点联盟申报 "
        "is recorded otherwise here."
    ]
    assert rows() == before
    application = Application.objects.get()
    assert (application.outcome, application.decision_reasons) == ("pilot", "评审均分最高。")


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


APP = ("pilot_applications", 0)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            _set((*APP, "call", "max_pilots"), 2),
            "$.pilot_applications[0].call: The call 2026年产业技术创新战略试点联盟申报 opening on 2026-01-04 exists "
            "here with other content.",
        ),
        (
            _set((*APP, "status_history", 2, "comment"), "另有说明。"),
            "$.pilot_applications[0].status_history[2]: This status change is recorded otherwise here.",
        ),
        (
            _set((*APP, "materials", 1, "original_name"), "另一份.pdf"),
            "$.pilot_applications[0].materials[1]: The material application_form of the application to "
            "2026年产业技术创新战略试点联盟申报 is recorded otherwise here.",
        ),
        (
            _set((*APP, "recommendations", 0, "letter"), "另一封推荐函。"),
            "$.pilot_applications[0].recommendations[0]: The recommendation by national_officer is recorded "
            "otherwise here.",
        ),
        (
            _set((*APP, "reviews", 0, "summary"), "另有意见。"),
            "$.pilot_applications[0].reviews[0]: The review by 王评审 differs from the one recorded here.",
        ),
        (
            _set((*APP, "reviews", 1, "assigned_at"), "2026-01-09T03:00:00Z"),
            "$.pilot_applications[0].reviews[1].assigned_at: The assignment of 李评审 is recorded otherwise here.",
        ),
    ],
)
def test_a_dossier_conflicting_with_the_record_here_writes_nothing(
    db: Any, media: Any, change: Any, problem: str
) -> None:
    dossier_import(sample())
    before = rows()
    data = sample()
    change(data)
    assert [str(p) for p in dossier_import(data).problems] == [problem]
    assert rows() == before


# ---------------------------------------------------------------- validation


NOT_PDF = b"hello, world"


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            _set((*APP, "materials", 1, "content"), "not base64!"),
            ["$.pilot_applications[0].materials[1].content: The content is not valid base64."],
        ),
        (
            _set((*APP, "materials", 1, "sha256"), "0" * 64),
            [f"$.pilot_applications[0].materials[1].sha256: The SHA-256 of the content is {PDF_SHA}."],
        ),
        (
            _set((*APP, "materials", 1, "sha256"), "ABC"),
            ["$.pilot_applications[0].materials[1].sha256: String should match pattern '^([0-9a-f]{64})?$'",
             f"$.pilot_applications[0].materials[1].sha256: The SHA-256 of the content is {PDF_SHA}."],
        ),
        (
            _set((*APP, "materials", 1, "size"), 47),
            ["$.pilot_applications[0].materials[1].size: The content has 48 bytes, not 47."],
        ),
        (
            _set((*APP, "materials", 1, "content"), b64(NOT_PDF)),
            ["$.pilot_applications[0].materials[1].content: Only PDF files are accepted."],
        ),
        (
            _set((*APP, "materials", 1, "content"), None),
            ["$.pilot_applications[0].materials[1].content: An uploaded material carries its content (base64)."],
        ),
        (
            _set((*APP, "materials", 6, "reference"), ""),
            ["$.pilot_applications[0].materials[6].reference: A generated material names where the platform "
             "holds it."],
        ),
        (
            _set((*APP, "materials", 0, "code"), "business_plan"),
            ["$.pilot_applications[0].materials[0].code: “business_plan” is not among the materials this call "
             "asks for."],
        ),
        (
            _set((*APP, "reviews", 0, "scores", "innovation"), 101),
            ["$.pilot_applications[0].reviews[0].scores.innovation: Give a whole number from 0 to 100."],
        ),
        (
            _set((*APP, "reviews", 0, "scores", "beauty"), 50),
            ["$.pilot_applications[0].reviews[0].scores: Unknown criteria: beauty."],
        ),
        (
            _set((*APP, "reviews", 0, "total"), "84.00"),
            ["$.pilot_applications[0].reviews[0].total: The weighted total of these scores is 84.40."],
        ),
        (
            _set((*APP, "reviews", 0, "expert", "organisation"), "91110000710925462X"),
            ["$.pilot_applications[0].reviews[0].expert.organisation: The organisation 91110000710925462X is not "
             "among the organisations."],
        ),
        (
            _set((*APP, "reviews", 1, "summary"), "尚未提交。"),
            ["$.pilot_applications[0].reviews[1]: An assignment without a submitted review has no scores, "
             "comments, summary or total."],
        ),
        (
            _set((*APP, "recommendations", 0, "letter_content"), b64(PDF)),
            [f"$.pilot_applications[0].recommendations[0].letter_sha256: The SHA-256 of the content is {PDF_SHA}."],
        ),
        (
            _set((*APP, "recommendations", 0, "capacity"), "mayor"),
            ["$.pilot_applications[0].recommendations[0].capacity: Input should be 'provincial', 'ministry', "
             "'association' or 'national'"],
        ),
        (
            _set((*APP, "outcome"), "pilot"),
            ["$.pilot_applications[0].outcome: Only a decided or published application has an outcome.",
             "$.pilot_applications[0].decision_reasons: Give the reasons for the decision.",
             "$.pilot_applications[0].decided_at: A decision, and only a decision, gives when it was made."],
        ),
        (
            _set((*APP, "pilot_from"), "2026-04-01"),
            ["$.pilot_applications[0].pilot_until: Give both ends of the pilot period.",
             "$.pilot_applications[0].pilot_from: Only an alliance selected as a pilot has a pilot period."],
        ),
        (
            _set((*APP, "status"), "decided"),
            ["$.pilot_applications[0].outcome: A decided application has an outcome.",
             "$.pilot_applications[0].status: The status differs from the last status change (expert_review)."],
        ),
        (
            _set((*APP, "call", "closes_on"), "2026-01-01"),
            ["$.pilot_applications[0].call.closes_on: The call must close on or after the day it opens."],
        ),
        (
            _set((*APP, "call", "rubric", 4, "weight"), 20),
            ["$.pilot_applications[0].call.rubric: The weights add up to 105; they must add up to 100."],
        ),
        (
            lambda d: d["pilot_applications"].append(copy.deepcopy(d["pilot_applications"][0])),
            ["$.pilot_applications[1].call: A second application to the call 2026年产业技术创新战略试点联盟申报 "
             "opening on 2026-01-04."],
        ),
        (
            _set(("version",), "1.2"),
            ["$.funds: The funds section is carried from version 1.4 on.",
             "$.office_findings: The office's findings are carried from version 1.4 on.",
             "$.pilot_applications: Pilot applications are carried from version 1.3 on.",
             "$.projects: Projects are carried from version 1.5 on.",
             "$.results: Results are carried from version 1.5 on.",
             "$.background_ip: Background IP declarations are carried from version 1.5 on.",
             "$.diffusion: Diffusion records are carried from version 1.6 on.",
             "$.standards: Standards are carried from version 1.6 on.",
             "$.platforms: Shared platforms are carried from version 1.6 on.",
             "$.talent: Training and exchanges are carried from version 1.6 on.",
             "$.financing: Financing are carried from version 1.6 on."],
        ),
    ],
)  # fmt: skip
def test_each_problem_is_named_by_its_path_and_nothing_is_written(
    db: Any, media: Path, change: Any, problems: list[str]
) -> None:
    data = sample()
    change(data)
    assert [str(p) for p in dossier_validate(data)] == problems
    assert [str(p) for p in dossier_import(data).problems] == problems
    assert rows() == (0,) * 9
    assert Alliance.objects.count() == 0
    assert list(media.iterdir()) == []
