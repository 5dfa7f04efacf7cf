"""The ``dossier`` management command: exit codes and output."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.audit.models import AuditEntry
from itisa.dossier.schemas import dossier_json_schema
from itisa.dossier.services import dossier_dumps, dossier_validate
from itisa.registry.models import Alliance, Organisation

SAMPLE = Path(__file__).parent / "data" / "csa.json"
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "dossier.schema.json"
ROOT = Path(settings.BASE_DIR)


GOVERNANCE_KINDS = (
    "body",
    "rule_set",
    "seat",
    "meeting",
    "motion",
    "vote",
    "staff",
    "liability",
    "application",
)
# the kinds of the funds section (since 1.4)
FUNDS_KINDS = ("book", "fund")
# the kinds of the pilot program's section (registered by itisa.pilots, since 1.3)
PILOT_KINDS = (
    "pilot_call",
    "pilot_application",
    "pilot_material",
    "pilot_recommendation",
    "pilot_expert",
    "pilot_assignment",
    "pilot_review",
)
# the kinds of the projects' section (registered by itisa.projects, since 1.5)
PROJECT_KINDS = (
    "project",
    "project_milestone",
    "project_evidence",
    "project_expert",
    "project_review",
    "project_assignment",
    "project_opinion",
)
# the kinds of the results register's sections (registered by itisa.results, since 1.5)
RESULT_KINDS = ("result", "result_ownership", "background_ip")
# the sections of open development (1.6), in the order their apps register them
OPEN_KINDS = ("diffusion_record", "standard", "standard_declaration", "platform", "platform_booking", "platform_usage",
              "talent_programme", "talent_exchange", "financing_need", "financing_line")  # fmt: skip


def counts_out(lines: str, **unchanged: int) -> str:
    """The import command's output: the given lines, then the 1.2 kinds, the funds' kinds, the pilot
    program's, the projects', the results register's and open development's kinds with these unchanged counts."""
    return lines + "".join(
        f"{kind}: 0 created, 0 updated, {unchanged.get(kind, 0)} unchanged\n"
        for kind in (
            *GOVERNANCE_KINDS,
            *FUNDS_KINDS,
            *PILOT_KINDS,
            *PROJECT_KINDS,
            *RESULT_KINDS,
            *OPEN_KINDS,
        )
    )


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("dossier", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_validate_prints_ok(db: Any) -> None:
    assert run("validate", str(SAMPLE)) == ("OK\n", "")


def test_validate_prints_each_problem_and_fails(db: Any, tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_bytes())
    data["alliance"]["host_unit"] = "91110000710925462X"
    data["organisations"][0]["name_zh"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match=r"^2 problem\(s\)\.$"):
        call_command("dossier", "validate", str(path), stdout=out)
    assert out.getvalue() == (
        "$.organisations[0].name_zh: String should have at least 1 character\n"
        "$.alliance.host_unit: The host unit 91110000710925462X is not among the organisations.\n"
    )


def test_bad_json_is_reported_with_line_and_column(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "itisa.dossier",\n  oops\n}\n', encoding="utf-8")
    with pytest.raises(
        CommandError, match=r"Expecting property name enclosed in double quotes at line 3, column 3\.$"
    ):
        run("validate", str(path))


def test_non_object_top_level_is_refused(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("dossier", "validate", str(path), stdout=out)
    assert out.getvalue() == "$: A dossier is a JSON object.\n"


def test_oversized_file_is_refused(db: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from itisa.dossier.management.commands import dossier

    monkeypatch.setattr(dossier, "MAX_BYTES", 100)
    with pytest.raises(CommandError, match=r"is larger than 0 MB"):
        run("import", str(SAMPLE))
    assert Alliance.objects.count() == 0


def test_missing_file(db: Any) -> None:
    with pytest.raises(CommandError, match=r"^Cannot read /nonexistent/x\.json: No such file or directory$"):
        run("validate", "/nonexistent/x.json")


def test_import_prints_counts_and_second_import_is_unchanged(db: Any) -> None:
    out, err = run("import", str(SAMPLE))
    assert err == ""
    assert out == counts_out(
        "alliance: 1 created, 0 updated, 0 unchanged\n"
        "organisation: 4 created, 0 updated, 0 unchanged\n"
        "person: 3 created, 0 updated, 0 unchanged\n"
        "membership: 5 created, 0 updated, 0 unchanged\n"
        "status_change: 2 created, 0 updated, 0 unchanged\n"
        "agreement: 0 created, 0 updated, 0 unchanged\n"
    )
    entries = AuditEntry.objects.count()
    out, _err = run("import", str(SAMPLE))
    assert out == counts_out(
        "alliance: 0 created, 0 updated, 1 unchanged\n"
        "organisation: 0 created, 0 updated, 4 unchanged\n"
        "person: 0 created, 0 updated, 3 unchanged\n"
        "membership: 0 created, 0 updated, 5 unchanged\n"
        "status_change: 0 created, 0 updated, 2 unchanged\n"
        "agreement: 0 created, 0 updated, 0 unchanged\n"
    )
    assert AuditEntry.objects.count() == entries


def test_import_with_problems_writes_nothing(db: Any, tmp_path: Path) -> None:
    data = json.loads(SAMPLE.read_bytes())
    data["memberships"][1]["rank"] = "president"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match=r"^1 problem\(s\); nothing was written\.$"):
        call_command("dossier", "import", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue() == (
        "$.memberships[1].rank: Input should be 'chair', 'vice_chair', 'council' or 'ordinary'\n"
    )
    assert (Alliance.objects.count(), Organisation.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_export_to_stdout_and_to_a_file(db: Any, tmp_path: Path) -> None:
    run("import", str(SAMPLE))
    out, _err = run("export", "csa")
    assert out.encode() == SAMPLE.read_bytes()
    target = tmp_path / "out.json"
    assert run("export", "CSA", "--output", str(target)) == ("", "")
    assert target.read_bytes() == SAMPLE.read_bytes()


def test_export_of_an_unknown_alliance_fails(db: Any) -> None:
    with pytest.raises(CommandError, match=r"^No alliance with the short code XYZ\.$"):
        run("export", "XYZ")


def test_committed_schema_equals_the_generated_one() -> None:
    out, _err = run("schema")
    assert json.loads(out) == dossier_json_schema()
    assert SCHEMA_FILE.read_text(encoding="utf-8") == out


def test_demo_export_names_its_actor_and_reimports_unchanged(db: Any, tmp_path: Path, settings: Any) -> None:
    settings.VAR_DIR = tmp_path  # demo key files
    call_command("demo", "load", stdout=StringIO())
    out, _err = run("export", "CSA")
    data = json.loads(out)
    assert dossier_validate(data) == []
    assert data["alliance"]["status"] == "established"  # a pilot only once the demo's call selects it
    assert [(h["old_status"], h["new_status"], h["by"]) for h in data["status_history"]] == [
        (None, "forming", "national"),
        ("forming", "established", "national"),
    ]
    path = tmp_path / "csa.json"
    path.write_text(out, encoding="utf-8")
    entries = AuditEntry.objects.count()
    out, _err = run("import", str(path))
    assert out == counts_out(
        # the two applicants travel as organisations (one registered at first review, one known here)
        "alliance: 0 created, 0 updated, 1 unchanged\n"
        "organisation: 0 created, 0 updated, 6 unchanged\n"
        "person: 0 created, 0 updated, 4 unchanged\n"
        "membership: 0 created, 0 updated, 4 unchanged\n"
        "status_change: 0 created, 0 updated, 2 unchanged\n"
        "agreement: 0 created, 0 updated, 6 unchanged\n",  # CSA/v1, its 4 signatures, CSA/v2 (open)
        body=3, rule_set=4, seat=7, meeting=2, motion=6, vote=21, staff=3, liability=1, application=2,
        book=1, fund=5, pilot_call=1, pilot_application=1, pilot_material=8, pilot_expert=2, pilot_assignment=2, pilot_review=1,
        project=3, project_milestone=3, project_evidence=1, result=248, result_ownership=248,
        # the catalogue's entries and the demonstration project's obligations (diffusion.demo); the standards'
        # ballots (motions 4-6), platforms, talent and financing demos
        diffusion_record=248, standard=2, standard_declaration=4, platform=2, platform_booking=4, platform_usage=2,
        talent_programme=2, talent_exchange=2, financing_need=1, financing_line=1,
    )  # fmt: skip
    assert AuditEntry.objects.count() == entries
    assert run("export", "CSA")[0] == path.read_text(encoding="utf-8")


def _manage(tmp_path: Path, database: str, *args: str) -> str:
    """Run ``manage.py`` in a fresh process on its own SQLite database in ``tmp_path``."""
    result = _manage_result(tmp_path, database, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _manage_result(tmp_path: Path, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ITISA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "LANGUAGE": "en",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_demo_export_import_into_an_empty_database_export_is_byte_identical(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for name in ("a.sqlite3", "b.sqlite3", "c.sqlite3"):
        shutil.copy(migrated_sqlite, tmp_path / name)
    _manage(tmp_path, "a.sqlite3", "demo", "load")
    _manage(tmp_path, "a.sqlite3", "dossier", "export", "CSA", "--output", str(a))
    # the book keeps the 2004 NPO chart: an import needs it loaded here, and says so
    refused = _manage_result(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    assert (refused.returncode, refused.stderr.splitlines()[0]) == (
        1,
        "$.funds.book.chart: 此处未载入会计科目表 npo-2004（itisa ledger chart-load）。",
    )
    chart = str(ROOT / "itisa" / "ledger" / "data" / "npo-chart-2004.csv")
    _manage(tmp_path, "b.sqlite3", "ledger", "chart-load", chart, "--code", "npo-2004", "--name", "民非2004")
    # a standard keeps who recorded it (an account, not a label): the import says so, and takes it once the
    # account exists here (itisa/standards/dossier/importer.py)
    refused = _manage_result(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    assert (refused.returncode, refused.stderr.splitlines()[0]) == (
        1,
        "$.standards[0].by: 本系统没有账号 secretariat：该记录须保留其经办人。",
    )
    _manage(tmp_path, "b.sqlite3", "shell", "-c",
            "from itisa.accounts.models import User; User.objects.create_user(username='secretariat')")  # fmt: skip
    _manage(tmp_path, "b.sqlite3", "dossier", "import", str(a))
    _manage(tmp_path, "b.sqlite3", "dossier", "export", "CSA", "--output", str(b))
    exported = json.loads(a.read_bytes())
    assert exported["funds"] == {
        "book": {"chart": "npo-2004", "currency": "CNY", "entrusted_to_host": False,
                 "second_approval_above": "100000.00"},
        "funds": [
            {"name_zh": "会费", "kind": "dues", "granting_department": "", "project": "", "restricted": False},
            {"name_zh": "半导体照明共性技术课题经费（演示）", "kind": "government_grant",
             "granting_department": "科学技术部", "project": "半导体照明共性技术研发（演示）", "restricted": True},
            {"name_zh": "成员自筹研发经费（演示）", "kind": "contributions", "granting_department": "", "project": "",
             "restricted": False},
            # the fund the demo licence's royalty receipts are booked to (licensing.services.licences)
            {"name_zh": "成果转化收入", "kind": "other", "granting_department": "", "project": "", "restricted": False},
            # the demo credit line's loan fund (financing.demo)
            {"name_zh": "科技贷款（演示）", "kind": "bank_loan", "granting_department": "", "project": "",
             "restricted": False},
        ],
        "supervisors": ["supervisor"],
    }  # fmt: skip
    assert [h["by"] for h in exported["status_history"]] == ["national", "national"]
    assert [(v["number"], v["status"], len(v["signatures"])) for v in exported["agreements"]] == [
        (1, "effective", 4),
        (2, "open", 0),
    ]
    council = exported["bodies"][0]
    assert [(b["name_zh"], len(b["rule_sets"]), len(b["seats"])) for b in exported["bodies"]] == [
        ("理事会", 2, 4),
        ("专家委员会", 1, 3),
        ("秘书处", 1, 0),
    ]
    # the council's rules come from CSA/v1's procedures: ordinary matters, then important ones
    assert [
        (r["version"], r["matter"], r["threshold_base"], r["veto_days"]) for r in council["rule_sets"]
    ] == [
        (1, "ordinary", "cast", 0),
        (2, "important", "seats", 15),
    ]
    assert [(m["status"], len(m["attendance"])) for m in council["meetings"]] == [
        ("held", 4),
        ("scheduled", 0),
    ]
    assert [
        (m["number"], m["status"], len(m["votes"]), m["resolution"] is not None) for m in council["motions"]
    ] == [
        (1, "closed", 4, True),
        (2, "open", 1, False),
        (3, "closed", 4, True),  # the ballot approving the R&D project P001
        (4, "closed", 4, True),  # the standards' ballots (standards.demo)
        (5, "closed", 4, True),
        (6, "closed", 4, True),
    ]
    # the R&D projects: P001 approved by that ballot and running, its milestones, evidence and funding on
    # the book's funds; P002 proposed (itisa/projects/demo.py)
    assert [
        (
            p["code"],
            p["status"],
            p["motion"],
            [m["status"] for m in p["milestones"]],
            [len(m["evidence"]) for m in p["milestones"]],
            [(f["kind"], f["fund"], f["amount"]) for f in p["funding"]],
        )
        for p in exported["projects"]
    ] == [
        (
            "P001",
            "running",
            {"body": "理事会", "number": 3},
            ["done", "overdue", "pending"],
            [1, 0, 0],
            [
                ("government_grant", "半导体照明共性技术课题经费（演示）", "600000.00"),
                ("own_funds", "成员自筹研发经费（演示）", "400000.00"),
            ],
        ),
        ("P002", "proposed", None, [], [], []),
        # the diffusion demo's grant-funded demonstration project, given up early (diffusion.demo)
        (
            "P003",
            "terminated",
            None,
            [],
            [],
            [("government_grant", "半导体照明共性技术课题经费（演示）", "300000.00")],
        ),
    ]
    assert [(a["uscc"], a["status"]) for a in exported["applications"]] == [
        ("91440300192317458F", "reviewed"),
        ("9134010068976734XU", "submitted"),
    ]
    # the pilot program: the demo call, CSA's application in expert review with its uploaded PDFs, two
    # experts without accounts in the second database and the one submitted review
    [pilot] = exported["pilot_applications"]
    assert (
        pilot["call"]["title_zh"],
        pilot["status"],
        [h["new_status"] for h in pilot["status_history"]],
    ) == (
        "2026年度产业技术创新战略联盟试点申报",
        "expert_review",
        ["submitted", "formal_check", "expert_review"],
    )
    assert [(m["code"], m["kind"], m["content"] is not None) for m in pilot["materials"]] == [
        ("agreement", "generated", False), ("application_form", "upload", True),
        ("bodies_staff", "generated", False), ("charter", "upload", True), ("fund_rules", "upload", True),
        ("ip_rules", "upload", True), ("member_list", "generated", False), ("work_summary", "upload", True),
    ]  # fmt: skip
    assert [(r["expert"]["name"], r["total"]) for r in pilot["reviews"]] == [
        ("林知远（演示）", None),
        ("贺清和（演示）", "84.40"),
    ]
    # the second database has only the secretariat's account (made above for the standards): voters and
    # applicants travel back as their usernames; the fund supervisor is a role of an account, which an import
    # never grants: none is appointed there; an ownership record of a result keeps who recorded it only as an
    # account, here the secretariat's (docs/dossier.md, "Results")
    assert {r["by"] for result in exported["results"] for r in result["ownership"]} == {"secretariat"}
    assert b.read_bytes() == dossier_dumps({**exported, "funds": {**exported["funds"], "supervisors": []}})
    # the imported signatures were verified again; the agreement command agrees
    listed = json.loads(_manage(tmp_path, "b.sqlite3", "agreement", "list", "CSA", "--json"))
    assert [(v["label"], v["status"], v["signatures"]) for v in listed] == [
        ("CSA/v2", "open", 0),
        ("CSA/v1", "effective", 4),
    ]

    # one flipped bit in one signature: the whole import is refused and nothing is written
    tampered = json.loads(a.read_bytes())
    signature = tampered["agreements"][0]["signatures"][2]
    raw = bytearray(base64.b64decode(signature["signature"]))
    raw[0] ^= 1
    signature["signature"] = base64.b64encode(bytes(raw)).decode()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    result = _manage_result(tmp_path, "c.sqlite3", "dossier", "import", str(bad))
    assert result.returncode == 1
    assert (
        f"$.agreements[0].signatures[2].signature: CSA/v1：{signature['organisation']} 的签名验证失败。"
        in result.stdout + result.stderr
    )
    # nothing was written: not even the alliance exists in the third database
    missing = _manage_result(tmp_path, "c.sqlite3", "alliance", "show", "CSA")
    assert missing.returncode == 1
