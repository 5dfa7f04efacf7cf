"""The chain that log_action builds, and the database triggers that keep it append-only."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from itisa.audit.chain import GENESIS_HASH, canonical_body, entry_hash
from itisa.audit.models import AuditEntry, AuditHead
from itisa.audit.records import EntryRecord
from itisa.audit.verify import VerifyResult, verify_database


def test_log_action_builds_a_gap_free_linked_chain(chain: list[AuditEntry]) -> None:
    stored = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in stored] == [1, 2, 3, 4, 5]
    assert [e.prev_hash for e in stored] == [GENESIS_HASH] + [e.hash for e in stored[:-1]]
    for entry in stored:
        body = canonical_body(
            seq=entry.seq,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_label="auditor",
            action="audit.test.noted",
            object_type="accounts.user",
            object_id=str(chain[0].object_id),
            object_repr="subject",
            data={"n": entry.seq, "note": f"第{entry.seq}条", "amount": "1.50"},
        )
        assert entry.hash == entry_hash(entry.prev_hash, body)
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (5, stored[-1].hash)


def test_verify_database_accepts_an_untouched_chain(chain: list[AuditEntry]) -> None:
    assert verify_database() == VerifyResult(
        count=5, head_seq=5, head_hash=chain[-1].hash, checkpoints=0, problem=None
    )


def test_verify_database_accepts_an_empty_log(db: None) -> None:
    assert verify_database() == VerifyResult(
        count=0, head_seq=0, head_hash=GENESIS_HASH, checkpoints=0, problem=None
    )


def _snapshot() -> list[EntryRecord]:
    return [EntryRecord.of(e) for e in AuditEntry.objects.order_by("seq")]


def test_database_refuses_update(chain: list[AuditEntry]) -> None:
    before = _snapshot()
    with pytest.raises(IntegrityError, match="audit entries are append-only"), transaction.atomic():
        AuditEntry.objects.filter(seq=2).update(object_repr="forged")
    with pytest.raises(IntegrityError, match="audit entries are append-only"), transaction.atomic():
        entry = AuditEntry.objects.get(seq=3)
        entry.action = "audit.test.other"
        entry.save()
    assert _snapshot() == before


def test_database_refuses_delete(chain: list[AuditEntry]) -> None:
    before = _snapshot()
    with pytest.raises(IntegrityError, match="audit entries are append-only"), transaction.atomic():
        AuditEntry.objects.get(seq=5).delete()
    with pytest.raises(IntegrityError, match="audit entries are append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()
    with (
        pytest.raises(IntegrityError, match="audit entries are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 1")
    assert _snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists only on PostgreSQL")
def test_postgresql_refuses_truncate(chain: list[AuditEntry]) -> None:
    with connection.cursor() as cursor:
        # Fire the deferred foreign-key checks of the inserts now; PostgreSQL refuses TRUNCATE with them pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with (
        pytest.raises(IntegrityError, match="audit entries are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 5


def test_big_integers_and_long_reprs_are_stored_safely(db) -> None:
    from itisa.audit.services import log_action
    from itisa.audit.tests.conftest import NOTED

    entry = log_action(None, NOTED, by=None, data={"n": 2**60, "small": 7}, object_repr="长" * 400)
    entry.refresh_from_db()
    assert (entry.data, len(entry.object_repr)) == ({"n": str(2**60), "small": 7}, 300)
    assert verify_database(checkpoints=[], trusted_keys=None).ok
