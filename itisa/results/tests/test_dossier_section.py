"""Dossier 1.5: the results register's sections ``results`` and ``background_ip`` — exact export,
export → import into a fresh database → export gives the same bytes, an idempotent re-import, refusing an
older or conflicting record with nothing written, and every cross-check named by its JSON path."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from itisa.accounts.models import User
from itisa.audit.models import AuditEntry
from itisa.audit.seals import sealed_record_problems
from itisa.dossier.services import dossier_dumps, dossier_export, dossier_import, dossier_validate
from itisa.ledger.tests.conftest import make_books
from itisa.projects.tests.conftest import make_project
from itisa.results.models import OwnershipRecord, Result, ResultStatusChange
from itisa.results.services import (
    BackgroundInput,
    OwnerChangeInput,
    background_declare,
    result_change_owners,
    result_move,
)
from itisa.results.tests.conftest import UTILITY, counts, register, shares

pytestmark = pytest.mark.usefixtures("clock")
ROOT = Path(settings.BASE_DIR)
A, B = "914403001922038216", "12100000400000624D"


def build_results(world: Any) -> None:
    """R00001: an invention of project P001 on its grant, granted, owners changed by both members'
    written consent; R00002: a paper of no project, recorded; 乙大学's background IP."""
    s = world.user("secretariat")
    books = make_books(world, second_approval_above=None)
    make_project(world, books)
    patent = register(world, project=Result._meta.apps.get_model("projects", "Project").objects.get().pk)
    result_change_owners(
        by=s, result=patent,
        data=OwnerChangeInput(owners=shares((world.member_a, "30"), (world.member_b, "70")), basis="consent",
                              document_ref="双方书面同意书 2026-01", document_on=dt.date(2026, 3, 1),
                              consenting=[world.member_a.pk, world.member_b.pk]),
    )  # fmt: skip
    register(world, kind="paper", title_zh="大功率 LED 散热综述", number="", status="recorded", filed_on=None,
             granted_on=None, contributions=shares((world.member_b, "100")), inventors=[])  # fmt: skip
    background_declare(
        by=world.user("member_contact"), alliance=world.csa,
        data=BackgroundInput(organisation=world.member_b.pk, kind="invention", title_zh="一种外延片生长方法",
                             number="ZL99113861.9", restrictions_zh="仅限联盟项目内按公平合理条件使用",
                             declared_on=dt.date(2026, 3, 1)),
    )  # fmt: skip


STATUTE = "The agreement sets no rule: jointly, in equal shares (Civil Code, cooperative development)."
AT = "2026-03-02T01:00:00Z"


def _history(status: str) -> list[dict[str, Any]]:
    return [{"at": AT, "old_status": None, "new_status": status, "by": "secretariat", "comment": ""}]


def _record(seq: int, owners: list[tuple[str, str]], **values: Any) -> dict[str, Any]:
    return {
        "seq": seq, "basis": "statute", "agreement": None, "rule": "", "motion": None, "document_ref": "",
        "document_on": None, "reason": "", "by": "secretariat", "at": AT,
        "owners": [{"organisation": o, "share": share} for o, share in owners], **values,
    }  # fmt: skip


R00001 = {
    "code": "R00001", "kind": "invention", "title_zh": "一种基于无线信息与能量协同传输的大规模接入方法",
    "title_en": "", "number": "201811564288.X", "status": "granted", "filed_on": "2018-12-20",
    "granted_on": "2021-03-02", "lapsed_on": None, "project": "P001", "funding": ["国家重点研发计划课题经费"],
    "publicly_funded": True, "public": False, "is_demo": False, "status_history": _history("granted"),
    "contributions": [{"organisation": A, "share": "60.00"}, {"organisation": B, "share": "40.00"}],
    "inventors": [{"name": "张三", "organisation": A, "share": "70.00"},
                  {"name": "李四", "organisation": B, "share": "30.00"}],
    "ownership": [
        _record(1, [(A, "50.00"), (B, "50.00")], reason=STATUTE),
        _record(2, [(A, "30.00"), (B, "70.00")], basis="consent", document_ref="双方书面同意书 2026-01",
                document_on="2026-03-01"),
    ],
}  # fmt: skip
R00002 = {
    "code": "R00002", "kind": "paper", "title_zh": "大功率 LED 散热综述", "title_en": "", "number": "",
    "status": "recorded", "filed_on": None, "granted_on": None, "lapsed_on": None, "project": None,
    "funding": [], "publicly_funded": False, "public": False, "is_demo": False,
    "status_history": _history("recorded"), "contributions": [{"organisation": B, "share": "100.00"}],
    "inventors": [], "ownership": [_record(1, [(B, "100.00")], reason=STATUTE)],
}  # fmt: skip
BACKGROUND = {
    "organisation": B, "kind": "invention", "title_zh": "一种外延片生长方法", "number": "99113861.9",
    "restrictions_zh": "仅限联盟项目内按公平合理条件使用", "declared_on": "2026-03-01", "by": "member_contact",
    "at": AT,
}  # fmt: skip


def test_export_of_the_results_has_exact_content(world: Any) -> None:
    build_results(world)
    data = dossier_export(world.csa)
    assert data["version"] == "1.6"
    assert data["results"] == [R00001, R00002]
    assert data["background_ip"] == [BACKGROUND]
    assert dossier_validate(data) == []


def _manage(tmp_path: Path, database: str, *args: str) -> str:
    env = {**os.environ, "ITISA_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / database}",
           "LANGUAGE": "en"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def _counted(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(("result", "background_ip"))]


def test_export_import_into_a_fresh_database_export_is_byte_identical(
    world: Any, tmp_path: Path, migrated_sqlite: Path
) -> None:
    """From the database the services wrote to, through ``manage.py`` into a second one with only the
    chart of accounts and the two accounts that recorded the ownership and declared the background IP
    (accounts do not travel), and back: the same bytes; a second import changes nothing."""
    build_results(world)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    exported = dossier_export(world.csa)
    a.write_bytes(dossier_dumps(exported))
    shutil.copy(migrated_sqlite, tmp_path / "b.sqlite3")
    chart = str(ROOT / "itisa" / "ledger" / "data" / "npo-chart-2004.csv")
    _manage(tmp_path, "b.sqlite3", "ledger", "chart-load", chart, "--code", "npo-2004", "--name", "民非2004")
    accounts = "from itisa.accounts.models import User; [User.objects.create(username=n) for n in ('secretariat', 'member_contact')]"
    _manage(tmp_path, "b.sqlite3", "shell", "-c", accounts)
    out = _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    assert _counted(out) == [
        "result：新建 2 条，更新 0 条，未变 0 条",
        "result_ownership：新建 3 条，更新 0 条，未变 0 条",
        "background_ip：新建 1 条，更新 0 条，未变 0 条",
    ]
    _manage(tmp_path, "b.sqlite3", "dossier", "export", "CSA", "--output", str(b))
    # every written-once row the import wrote is sealed by its entry: the chain and the seals verify
    _manage(tmp_path, "b.sqlite3", "audit", "verify")
    assert b.read_bytes() == dossier_dumps({**exported, "funds": {**exported["funds"], "supervisors": []}})
    again = _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    assert _counted(again) == [
        "result：新建 0 条，更新 0 条，未变 2 条",
        "result_ownership：新建 0 条，更新 0 条，未变 3 条",
        "background_ip：新建 0 条，更新 0 条，未变 1 条",
    ]


def test_a_second_import_of_the_record_here_changes_nothing(world: Any) -> None:
    build_results(world)
    data = dossier_export(world.csa)
    before = counts()
    result = dossier_import(data)
    assert result.problems == []
    kinds = ("result", "result_ownership", "background_ip")
    assert {k: result.unchanged[k] for k in kinds} == {"result": 2, "result_ownership": 3, "background_ip": 1}
    assert sum(result.created.values()) + sum(result.updated.values()) == 0
    assert counts() == before


def test_a_newer_dossier_adds_the_status_change_and_the_ownership_record(world: Any) -> None:
    """The dossier of a record that moved on (lapsed, owners changed once more) brings the new history
    row and ownership record here, sealed, and makes the new record current."""
    build_results(world)
    data = dossier_export(world.csa)
    patent = Result.objects.get(code="R00001")
    data["results"][0].update(status="lapsed", lapsed_on="2026-01-05")
    data["results"][0]["status_history"].append(
        {"at": "2026-03-02T02:00:00Z", "old_status": "granted", "new_status": "lapsed", "by": "someone",
         "comment": "未缴年费"}
    )  # fmt: skip
    data["results"][0]["ownership"].append(
        _record(3, [(A, "100.00")], basis="consent", document_ref="转让协议", document_on="2026-03-02",
                by="someone", at="2026-03-02T02:00:00Z")
    )  # fmt: skip
    assert dossier_validate(data) == []
    entries = AuditEntry.objects.count()
    result = dossier_import(data)
    assert result.problems == []
    assert (result.updated["result"], result.created["result_ownership"]) == (1, 1)
    assert sealed_record_problems() == []  # the new history row and owner are sealed by the import's entries
    assert AuditEntry.objects.count() == entries + 2
    patent.refresh_from_db()
    assert (patent.status, patent.lapsed_on, patent.ownership.seq) == ("lapsed", dt.date(2026, 1, 5), 3)
    change = ResultStatusChange.objects.get(result=patent, new_status="lapsed")
    assert (change.old_status, change.actor_label, change.by, change.comment) == (
        "granted",
        "someone",
        None,
        "未缴年费",
    )
    assert dossier_export(world.csa)["results"][0] == data["results"][0] | {
        "ownership": [
            *data["results"][0]["ownership"][:2],
            {**data["results"][0]["ownership"][2], "by": None},
        ]
    }


def _older(data: dict[str, Any]) -> None:
    del data["results"][0]["ownership"][1]


def _other_title(data: dict[str, Any]) -> None:
    data["results"][0]["title_zh"] = "另一项发明"


def _other_contribution(data: dict[str, Any]) -> None:
    contributions = data["results"][0]["contributions"]
    contributions[0]["share"], contributions[1]["share"] = "40.00", "60.00"


def _other_record(data: dict[str, Any]) -> None:
    data["results"][0]["ownership"][1]["document_ref"] = "另一份同意书"


def _status_back(data: dict[str, Any]) -> None:
    data["results"][0].update(status="filed", granted_on=None)
    data["results"][0]["status_history"][0]["new_status"] = "filed"


def _status_older(data: dict[str, Any]) -> None:
    """The record here lapsed after the export."""
    result_move(by=User.objects.get(username="secretariat"), result=Result.objects.get(code="R00001"),
                to="lapsed", on=dt.date(2026, 1, 5))  # fmt: skip


def _other_background(data: dict[str, Any]) -> None:
    data["background_ip"][0]["restrictions_zh"] = "不受限制"


def _unknown_declarer(data: dict[str, Any]) -> None:
    data["background_ip"][0].update(by="nobody", at="2026-03-02T02:00:00Z")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_older, "$.results[0].ownership: The dossier is older than the record here or conflicts with it: the "
                 "result R00001 has 2 ownership records here."),
        (_other_title, "$.results[0]: The result R00001 exists here with other content."),
        (_other_contribution, "$.results[0]: The result R00001 exists here with other content."),
        (_other_record, "$.results[0].ownership[1]: This ownership record is recorded otherwise here."),
        (_status_back, "$.results[0].status_history: The status history here and the dossier's do not make one "
                       "history of the result R00001."),
        (_status_older, "$.results[0].status: The dossier is older than the record here or conflicts with it: "
                        "the result R00001 is lapsed here."),
        (_other_background, "$.background_ip[0]: This declaration of background IP is recorded otherwise here."),
        (_unknown_declarer, "$.background_ip[0].by: No account nobody here: a declaration of background IP keeps "
                            "who declared it."),
    ],
)  # fmt: skip
def test_an_older_or_conflicting_dossier_is_refused_and_writes_nothing(
    world: Any, change: Any, problem: str
) -> None:
    build_results(world)
    data = dossier_export(world.csa)
    change(data)
    assert dossier_validate(data) == []
    before = counts()
    assert [str(p) for p in dossier_import(data).problems] == [problem]
    assert counts() == before


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


def _no_membership_of_b(data: dict[str, Any]) -> None:
    data["memberships"] = [m for m in data["memberships"] if m["organisation"] != B]


def _dup_result(data: dict[str, Any]) -> None:
    data["results"].append(copy.deepcopy(data["results"][0]))


def _bad_move(data: dict[str, Any]) -> None:
    data["results"][1]["status_history"].append(
        {"at": "2026-03-03T01:00:00Z", "old_status": "recorded", "new_status": "granted", "by": None, "comment": ""}
    )  # fmt: skip


R0 = ("results", 0)


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (_set((*R0, "ownership", 1, "owners", 1, "share"), "60.00"),
         ["$.results[0].ownership[1].owners: The shares add up to 90.00%, not 100%."]),
        (_set((*R0, "inventors", 0, "share"), "71.00"),
         ["$.results[0].inventors: The shares add up to 101.00%, not 100%."]),
        (_no_membership_of_b,
         [f"$.results[0].contributions[1].organisation: The organisation {B} is not a member of the alliance in this dossier.",
          f"$.results[0].ownership[0].owners[1].organisation: The organisation {B} is not a member of the alliance in this dossier.",
          f"$.results[0].ownership[1].owners[1].organisation: The organisation {B} is not a member of the alliance in this dossier.",
          f"$.results[1].contributions[0].organisation: The organisation {B} is not a member of the alliance in this dossier.",
          f"$.results[1].ownership[0].owners[0].organisation: The organisation {B} is not a member of the alliance in this dossier.",
          f"$.background_ip[0].organisation: The organisation {B} is not a member of the alliance in this dossier."]),
        (_set((*R0, "contributions", 0, "organisation"), "91110108T00000044Y"),
         ["$.results[0].contributions[0].organisation: The organisation 91110108T00000044Y is not among the organisations."]),
        (_set((*R0, "number"), "201811564288.3"),
         ["$.results[0].number: The check character is wrong: it should be X."]),
        (_set((*R0, "number"), "ZL201811564288.X"), ["$.results[0].number: Write the number as 201811564288.X."]),
        (_set((*R0, "number"), UTILITY),
         ["$.results[0].number: The type digit 2 says Utility model, but the result is of the kind Invention patent."]),
        (_set(("background_ip", 0, "number"), "99113861.0"),
         ["$.background_ip[0].number: The check character is wrong: it should be 9."]),
        (_set((*R0, "project"), "P009"), ["$.results[0].project: No project P009 in the dossier."]),
        (_set((*R0, "funding"), ["会费"]),
         ["$.results[0].funding[0]: The project P001 has no funding source on the fund 会费.",
          "$.results[0].publicly_funded: A result is publicly funded exactly when one of its funding sources is "
          "a government plan grant."]),
        (_set(("results", 1, "publicly_funded"), True),
         ["$.results[1].publicly_funded: A result is publicly funded exactly when one of its funding sources is "
          "a government plan grant."]),
        (_set((*R0, "granted_on"), "2018-01-01"), ["$.results[0].granted_on: A grant comes after the filing."]),
        (_set(("results", 1, "status"), "granted"),
         ["$.results[1].status: A result of this kind cannot be granted.",
          "$.results[1].filed_on: Give the filing date.", "$.results[1].granted_on: Give the grant date.",
          "$.results[1].status: The status differs from the last status change (recorded)."]),
        (_bad_move, ["$.results[1].status_history[1]: A result cannot move from recorded to granted.",
                     "$.results[1].status: The status differs from the last status change (granted)."]),
        (_set((*R0, "ownership", 1, "seq"), 3),
         ["$.results[0].ownership[1].seq: The ownership records are numbered 1, 2, 3… in order: this one is 2."]),
        (_set((*R0, "ownership", 0, "agreement"), 9),
         ["$.results[0].ownership[0].agreement: No agreement version 9 in the dossier."]),
        (_set((*R0, "ownership", 1, "motion"), {"body": "理事会", "number": 7}),
         ["$.results[0].ownership[1].motion: No motion 7 of 理事会 in the dossier."]),
        (_set((*R0, "ownership", 1, "basis"), "resolution"),
         ["$.results[0].ownership[1].motion: Choose a resolution the alliance's decision body passed."]),
        (_set((*R0, "ownership", 1, "document_on"), None),
         ["$.results[0].ownership[1].document_ref: A change by written consent names the consent and its date."]),
        (_dup_result, ["$.results[2].code: The result R00001 appears twice.",
                       "$.results[2].number: The number 201811564288.X appears twice."]),
    ],
)  # fmt: skip
def test_each_cross_check_names_its_path_and_the_import_writes_nothing(
    world: Any, change: Any, problems: list[str]
) -> None:
    build_results(world)
    data = dossier_export(world.csa)
    change(data)
    before = counts()
    found = [str(p) for p in dossier_validate(data) if p.path.startswith(("$.results", "$.background_ip"))]
    assert found == problems
    assert dossier_import(data).problems
    assert counts() == before


def test_a_file_before_1_5_carries_no_results(world: Any) -> None:
    build_results(world)
    data = dossier_export(world.csa)
    data["version"] = "1.4"
    found = [str(p) for p in dossier_validate(data) if p.path in ("$.results", "$.background_ip")]
    assert found == [
        "$.results: Results are carried from version 1.5 on.",
        "$.background_ip: Background IP declarations are carried from version 1.5 on.",
    ]


def test_owners_records_here_stay_write_once(world: Any) -> None:
    """The import INSERTs ownership records; the ones here keep their seq and owners."""
    build_results(world)
    assert list(OwnershipRecord.objects.order_by("result__code", "seq").values_list("result__code", "seq")) == [
        ("R00001", 1), ("R00001", 2), ("R00002", 1),
    ]  # fmt: skip
