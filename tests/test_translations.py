"""Every user-visible string has a zh-Hans translation, and the compiled catalogue is up to date."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "itisa" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_catalogue_is_complete() -> None:
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


def test_compiled_catalogue_matches_source() -> None:
    po = {
        (e.msgctxt, e.msgid): e.msgstr
        for e in polib.pofile(str(PO)).translated_entries()
        if not e.msgid_plural
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if e.msgid and not e.msgid_plural}
    assert mo == po


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path: Path) -> None:
    """Re-extract the strings into a copy of the package; nothing new may appear."""
    copy = tmp_path / "itisa"
    shutil.copytree(ROOT / "itisa", copy, ignore=shutil.ignore_patterns("__pycache__", "tests", "*.mo"))
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""},
    )
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = sorted(e.msgid for e in fresh.untranslated_entries())
    assert missing == []
