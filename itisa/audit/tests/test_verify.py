"""Verification finds the first tampered entry in an export file and in the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from itisa.audit.chain import entry_hash
from itisa.audit.models import AuditEntry, AuditHead
from itisa.audit.records import EntryRecord, records_from_export
from itisa.audit.tests.conftest import drop_triggers
from itisa.audit.verify import Problem, ProblemCode, verify_database, verify_entries


@pytest.fixture
def lines(chain: list[AuditEntry], tmp_path: Path) -> list[str]:
    path = tmp_path / "export.jsonl"
    call_command("audit", "export", "--output", str(path))
    return path.read_text(encoding="utf-8").splitlines()


def _problem(lines: list[str]) -> Problem | None:
    return verify_entries(records_from_export(lines)).problem


def _edit(line: str, **changes: object) -> str:
    obj = json.loads(line)
    obj.update(changes)
    return json.dumps(obj, ensure_ascii=False)


def test_export_has_every_field_in_chain_order(chain: list[AuditEntry], lines: list[str]) -> None:
    first = json.loads(lines[0])
    assert len(lines) == 5
    assert list(first) == [
        "seq", "at", "actor_id", "actor_label", "action", "object_type",
        "object_id", "object_repr", "data", "prev_hash", "hash",
    ]  # fmt: skip
    assert first["seq"] == 1
    assert first["at"] == chain[0].at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert first["data"] == {"n": 1, "note": "第1条", "amount": "1.50"}
    assert first["hash"] == chain[0].hash
    assert _problem(lines) is None


def test_altered_entry_is_named(lines: list[str]) -> None:
    lines[2] = _edit(lines[2], object_repr="someone else")
    assert _problem(lines) == Problem(
        3, ProblemCode.ALTERED, "Entry #3 was altered: its content does not match its hash."
    )


def test_altered_entry_with_recomputed_hash_breaks_the_next_link(lines: list[str]) -> None:
    record = next(records_from_export([_edit(lines[1], data={"n": 99})]))
    lines[1] = _edit(lines[1], data={"n": 99}, hash=entry_hash(record.prev_hash, record.body()))
    assert _problem(lines) == Problem(
        3, ProblemCode.BAD_LINK, "Entry #3 does not link to the hash of the entry before it."
    )


def test_removed_entry_is_named(lines: list[str]) -> None:
    del lines[3]
    assert _problem(lines) == Problem(4, ProblemCode.MISSING, "Entry #4 is missing: #5 follows #3.")


def test_removed_first_entry_is_named(lines: list[str]) -> None:
    del lines[0]
    assert _problem(lines) == Problem(1, ProblemCode.MISSING, "Entry #1 is missing: #2 follows #0.")


def test_reordered_entries_are_named(lines: list[str]) -> None:
    lines[1], lines[2] = lines[2], lines[1]
    assert _problem(lines) == Problem(
        2, ProblemCode.REORDERED, "Entry #3 appears where #2 was expected; #2 comes later."
    )


def test_duplicated_entry_is_named(lines: list[str]) -> None:
    lines.insert(3, lines[1])
    assert _problem(lines) == Problem(2, ProblemCode.DUPLICATED, "Entry #2 appears a second time after #3.")


def test_unreadable_line_is_named(lines: list[str]) -> None:
    lines[2] = '{"seq": 3, "at": '
    problem = _problem(lines)
    assert problem is not None
    assert (problem.seq, problem.code) == (3, ProblemCode.MALFORMED)
    assert problem.message.startswith("Entry #3 cannot be read: line 3: not valid JSON")


def test_verify_reports_progress(chain: list[AuditEntry], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("itisa.audit.verify.PROGRESS_EVERY", 2)
    records = [EntryRecord.of(e) for e in AuditEntry.objects.order_by("seq")]
    seen: list[int] = []
    result = verify_entries(iter(records), progress=seen.append)
    assert (result.count, seen) == (5, [2, 4])


# Tampering in the database: the triggers are dropped inside the test transaction, which rolls back.


def test_database_altered_row_is_named(chain: list[AuditEntry]) -> None:
    drop_triggers()
    AuditEntry.objects.filter(seq=2).update(data={"n": 2, "note": "改过", "amount": "1.50"})
    assert verify_database().problem == Problem(
        2, ProblemCode.ALTERED, "Entry #2 was altered: its content does not match its hash."
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", "2026-01-01T08:00:00+08:00"),  # another instant, written in another form
        ("data", '{"n": 3, "note": "第3条", "amount": "1.5"}'),  # a JSON text of another value
    ],
)
def test_database_columns_are_read_as_the_orm_reads_them(
    chain: list[AuditEntry], column: str, value: str
) -> None:
    """``chain_records`` reads rows through a plain cursor: a column changed in the database, in whatever
    spelling, still changes what is hashed."""
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = 3", [value])  # noqa: S608
    assert verify_database().problem == Problem(
        3, ProblemCode.ALTERED, "Entry #3 was altered: its content does not match its hash."
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses such a value in the column")
def test_a_time_that_no_longer_reads_is_named(chain: list[AuditEntry]) -> None:
    """A stored time that cannot be read any more is an altered entry (not a crash of verify). (A JSON
    text that is not JSON cannot be stored: both databases check the column.)"""
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET at = 'not a time' WHERE seq = 3")
    assert verify_database().problem == Problem(
        3, ProblemCode.ALTERED, "Entry #3 was altered: its content does not match its hash."
    )


def test_database_removed_row_is_named(chain: list[AuditEntry]) -> None:
    drop_triggers()
    AuditEntry.objects.filter(seq=3).delete()
    assert verify_database().problem == Problem(3, ProblemCode.MISSING, "Entry #3 is missing: #4 follows #2.")


def test_database_removed_tail_is_caught_by_the_head(chain: list[AuditEntry]) -> None:
    drop_triggers()
    AuditEntry.objects.filter(seq__gte=4).delete()
    assert verify_database().problem == Problem(
        4, ProblemCode.MISSING, "The chain ends at #3, but the head records #5: entries were removed."
    )


def test_database_renumbered_rows_are_named(chain: list[AuditEntry]) -> None:
    """Removing #3 and renumbering 4, 5 to 3, 4 keeps the sequence gap-free but breaks the hashes."""
    drop_triggers()
    AuditEntry.objects.filter(seq=3).delete()
    for seq in (4, 5):
        AuditEntry.objects.filter(seq=seq).update(seq=seq - 1)
    AuditHead.objects.filter(singleton=1).update(seq=4, hash=chain[4].hash)
    assert verify_database().problem == Problem(
        3, ProblemCode.BAD_LINK, "Entry #3 does not link to the hash of the entry before it."
    )
