"""The ``dossier`` management command: exit codes and output."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.audit.models import AuditEntry
from itisa.dossier.schemas import dossier_json_schema
from itisa.registry.models import Alliance, Organisation

SAMPLE = Path(__file__).parent / "data" / "csa.json"
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "dossier.schema.json"


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
    assert out == (
        "alliance: 1 created, 0 updated, 0 unchanged\n"
        "organisation: 4 created, 0 updated, 0 unchanged\n"
        "person: 3 created, 0 updated, 0 unchanged\n"
        "membership: 5 created, 0 updated, 0 unchanged\n"
        "status_change: 2 created, 0 updated, 0 unchanged\n"
    )
    entries = AuditEntry.objects.count()
    out, _err = run("import", str(SAMPLE))
    assert out == (
        "alliance: 0 created, 0 updated, 1 unchanged\n"
        "organisation: 0 created, 0 updated, 4 unchanged\n"
        "person: 0 created, 0 updated, 3 unchanged\n"
        "membership: 0 created, 0 updated, 5 unchanged\n"
        "status_change: 0 created, 0 updated, 2 unchanged\n"
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
