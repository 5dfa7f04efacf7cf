"""Dossier files are read strictly (core.strict_json): a key given twice, NaN, NUL or a lone surrogate is
refused with its JSON path by ``dossier validate``, ``dossier import`` and ``eligibility check --dossier``,
and the import writes nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from itisa.audit.models import AuditEntry
from itisa.registry.models import Alliance, Organisation, Person

SAMPLE = Path(__file__).parent / "data" / "csa.json"
PLACEHOLDER = "@@value@@"


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _file(tmp_path: Path, where: tuple[str | int, ...], member: str) -> Path:
    """The sample dossier with the member ``where`` written as the raw JSON text ``member``."""
    data = json.loads(SAMPLE.read_bytes())
    target = data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = PLACEHOLDER
    text = json.dumps(data, ensure_ascii=False, indent=2).replace(f'"{where[-1]}": "{PLACEHOLDER}"', member)
    path = tmp_path / "dossier.json"
    path.write_text(text, encoding="utf-8")
    return path


CASES = [
    pytest.param(
        ("alliance", "name_zh"),
        '"name_zh": "半导体照明产业技术创新战略联盟", "name_zh": "另一个联盟"',
        '$.alliance.name_zh: The key "name_zh" appears more than once in the same object.',
        id="duplicate-alliance-name",
    ),
    pytest.param(
        ("organisations", 1, "uscc"),
        '"uscc": "91110000100000000X", "uscc": "91110000100000000X"',
        '$.organisations[1].uscc: The key "uscc" appears more than once in the same object.',
        id="duplicate-key-even-with-the-same-value",
    ),
    pytest.param(
        ("format",),
        '"format": "itisa.dossier", "format": "itisa.dossier"',
        '$.format: The key "format" appears more than once in the same object.',
        id="duplicate-top-level-key",
    ),
    pytest.param(
        ("organisations", 0, "name_zh"),
        '"name_zh": "北京\\u0000大学"',
        "$.organisations[0].name_zh: Text cannot contain the NUL character (U+0000).",
        id="nul",
    ),
    pytest.param(
        ("organisations", 2, "address"),
        '"address": "\\ud800"',
        "$.organisations[2].address: Text cannot contain a lone surrogate (U+D800 to U+DFFF): send valid Unicode.",
        id="lone-surrogate",
    ),
    pytest.param(
        ("alliance", "website"),
        '"website": NaN',
        "$: NaN is not a JSON number.",
        id="nan",
    ),
]


@pytest.mark.parametrize(("where", "member", "problem"), CASES)
def test_validate_refuses_with_the_path(
    db: Any, tmp_path: Path, where: tuple[str | int, ...], member: str, problem: str
) -> None:
    path = _file(tmp_path, where, member)
    with pytest.raises(CommandError) as refused:
        call_command("dossier", "validate", str(path), stdout=StringIO())
    assert str(refused.value) == f"{path} is refused at {problem}"


@pytest.mark.parametrize(("where", "member", "problem"), CASES)
def test_import_refuses_and_writes_nothing(
    db: Any, tmp_path: Path, where: tuple[str | int, ...], member: str, problem: str
) -> None:
    path = _file(tmp_path, where, member)
    with pytest.raises(CommandError) as refused:
        call_command("dossier", "import", str(path), stdout=StringIO(), stderr=StringIO())
    assert str(refused.value) == f"{path} is refused at {problem}"
    counts = (Alliance.objects.count(), Organisation.objects.count(), Person.objects.count())
    assert (counts, AuditEntry.objects.count()) == ((0, 0, 0), 0)


def test_the_eligibility_check_reads_as_strictly_as_the_import(db: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, ("alliance", "name_zh"), '"name_zh": "甲", "name_zh": "乙"')
    with pytest.raises(CommandError) as refused:
        call_command("eligibility", "check", "--dossier", str(path), stdout=StringIO())
    # the same reader and the same message as ``dossier import``
    assert str(refused.value) == (
        f'{path} is refused at $.alliance.name_zh: The key "name_zh" appears more than once in the same object.'
    )


def test_the_sample_itself_is_read(db: Any, tmp_path: Path) -> None:
    path = _file(tmp_path, ("alliance", "website"), '"website": ""')
    out = StringIO()
    call_command("dossier", "validate", str(path), stdout=out)
    assert out.getvalue() == "OK\n"
