"""The ``audit`` management command: output, exit codes and errors."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.audit.models import AuditEntry
from itisa.audit.tests.conftest import Paths, drop_triggers

ROOT = Path(settings.BASE_DIR)


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py audit`` in a fresh process against an empty var folder (no database needed)."""
    env = {
        **os.environ,
        "ITISA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "audit", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _manage_in_process(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """Run ``manage.py audit ARGS`` in this process, as ``python manage.py`` runs it, and return (exit code,
    stdout, stderr): seconds faster than ``_manage``. Django is already set up here (pytest-django); the
    script's ``django.setup()`` would apply LOGGING again, pointing the root logger at this call's captured
    stderr for the rest of the run, so it is skipped."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", ["manage.py", "audit", *args])
    monkeypatch.setattr("django.setup", lambda set_prefix=True: None)
    out, err = StringIO(), StringIO()
    code: Any = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            runpy.run_path("manage.py", run_name="__main__")
        except SystemExit as exc:
            code = exc.code
    return (0 if code is None else code), out.getvalue(), err.getvalue()


def test_verify_prints_the_head(chain: list[AuditEntry], paths: Paths) -> None:
    out, err = _run("verify")
    assert out == f"OK: 5 entries, head #5 {chain[-1].hash}\n"
    assert err == (
        f"No checkpoints file at {paths.checkpoints}; checking the chain only.\n"
        f"No signing key at {paths.key}; checkpoints are checked against the public keys they carry.\n"
        "0 checkpoints verified.\n"
    )


def test_verify_of_a_tampered_database_names_the_entry(chain: list[AuditEntry], paths: Paths) -> None:
    drop_triggers()
    AuditEntry.objects.filter(seq=3).update(action="audit.test.other")
    with pytest.raises(CommandError) as excinfo:
        _run("verify")
    assert str(excinfo.value) == (
        "Verification failed at #3 (altered): Entry #3 was altered: its content does not match its hash."
    )
    assert excinfo.value.returncode == 1


def test_export_to_stdout_matches_the_file_export(chain: list[AuditEntry], tmp_path: Path) -> None:
    out, err = _run("export")
    _run("export", "--output", str(tmp_path / "e.jsonl"))
    assert out == (tmp_path / "e.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line)["seq"] for line in out.splitlines()] == [1, 2, 3, 4, 5]
    assert err == "Exported 5 entries.\n"


def test_export_verifies_and_tampered_export_fails(
    chain: list[AuditEntry], paths: Paths, tmp_path: Path
) -> None:
    export = tmp_path / "e.jsonl"
    _run("export", "--output", str(export))
    out, _err = _run("verify", "--export", str(export))
    assert out == f"OK: 5 entries, head #5 {chain[-1].hash}\n"
    lines = export.read_text(encoding="utf-8").splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        _run("verify", "--export", str(export))
    assert str(excinfo.value) == (
        "Verification failed at #4 (reordered): Entry #5 appears where #4 was expected; #4 comes later."
    )


def test_verify_export_progress_on_stderr(
    chain: list[AuditEntry], paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("itisa.audit.verify.PROGRESS_EVERY", 2)
    export = tmp_path / "e.jsonl"
    _run("export", "--output", str(export))
    _out, err = _run("verify", "--export", str(export))
    assert "… 2 entries verified\n… 4 entries verified\n" in err


def test_verify_with_a_missing_checkpoints_file_fails(chain: list[AuditEntry], tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^No checkpoints file at .*nothing\.jsonl\.$"):
        _run("verify", "--checkpoints", str(tmp_path / "nothing.jsonl"))


def test_list_shows_newest_first(chain: list[AuditEntry]) -> None:
    out, _err = _run("list", "--limit", "2")
    rows = out.splitlines()
    assert len(rows) == 3
    assert rows[1].split()[0] == "5"
    assert rows[2].split()[0] == "4"
    assert "audit.test.noted" in rows[1]
    assert f"accounts.user:{chain[0].object_id} subject" in rows[1]


def test_list_json_filters_by_object(chain: list[AuditEntry], paths: Paths) -> None:
    out, _err = _run("list", "--object", f"accounts.user:{chain[0].object_id}", "--json", "--limit", "3")
    assert [json.loads(line)["seq"] for line in out.splitlines()] == [5, 4, 3]
    out, _err = _run("list", "--object", "accounts.user:0", "--json")
    assert out == ""


def test_list_refuses_a_bad_object_reference(db: None) -> None:
    with pytest.raises(CommandError, match="use TYPE:ID, for example registry.alliance:12"):
        _run("list", "--object", "nocolon")


def test_exit_codes_and_stderr_in_a_real_process(tmp_path: Path) -> None:
    export = tmp_path / "e.jsonl"
    export.write_text('{"seq": 2}\n', encoding="utf-8")
    result = _manage(tmp_path, "verify", "--export", str(export))
    assert result.returncode == 1
    assert result.stdout == ""
    # The process runs in the default language (zh-Hans), so only language-neutral parts are asserted.
    assert "\nCommandError: " in result.stderr
    assert ("#1" in result.stderr, "malformed" in result.stderr) == (True, True)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = _manage(tmp_path, "verify", "--export", str(empty))
    assert result.returncode == 0
    assert result.stdout.endswith(" #0 " + "0" * 64 + "\n")


@pytest.mark.parametrize("subcommand", ["keygen", "checkpoint", "export", "verify", "list"])
def test_every_subcommand_has_help(monkeypatch: pytest.MonkeyPatch, subcommand: str) -> None:
    returncode, stdout, _stderr = _manage_in_process(monkeypatch, subcommand, "--help")
    assert returncode == 0
    assert stdout.startswith(f"usage: manage.py audit {subcommand} [-h]")


def test_checkpoints_without_our_public_key_are_refused(chain: list[AuditEntry], paths: Paths) -> None:
    _run("keygen")
    _run("checkpoint")
    paths.key.unlink()  # verifying on a machine without the private key and without --public-key
    with pytest.raises(CommandError) as excinfo:
        _run("verify")
    assert str(excinfo.value) == (
        "Checkpoints cannot be trusted without our public key: give --public-key or make the "
        "signing key available."
    )
