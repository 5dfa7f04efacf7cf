"""The ``itisa`` console script, run for real in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("itisa")


def itisa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:", "LANGUAGE": "en"}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.mark.skipif(
    not SCRIPT.exists() and shutil.which("itisa") is None, reason="console script not installed"
)
def test_console_script_help_and_check() -> None:
    result = itisa("--help")
    assert result.returncode == 0
    # ops may not import itisa.cli (the layer above it), so the names are listed here.
    names = [
        "alliance",
        "organisation",
        "member",
        "check",
        "agreement",
        "governance",
        "ledger",
        "dues",
        "keys",
        "audit",
        "dossier",
        "demo",
        "generate",
        "user",
        "role",
        "token",
        "notify-test",
        "worker",
        "manage",
    ]
    for name in names:
        assert f"\n  {name} " in result.stdout
    ok = itisa("check", "uscc", "914403001922038216")
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "914403001922038216 valid\n", "")
    bad = itisa("check", "uscc", "91440300192317458A")
    assert bad.returncode == 1
    assert bad.stdout.startswith("91440300192317458A needs-confirmation: ")
    assert bad.stderr.strip().startswith("CommandError: ")
    subcommand_help = itisa("check", "uscc", "--help")
    assert subcommand_help.returncode == 0
    assert "usage: itisa checkcodes uscc [-h] CODE [CODE ...]" in subcommand_help.stdout
    unknown = itisa("frobnicate")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("itisa: unknown command 'frobnicate'")
