"""Every append-only table keeps its database triggers after all migrations.

SQLite rebuilds a table to alter a column, which silently drops the table's triggers; a migration that
alters such a table must put them back. This test lists the guarded tables and fails if one has none.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

GUARDED = {
    "audit_auditentry",
    "agreements_signature",
    "agreements_agreementversion",
    "agreements_signatory",
    "governance_vote",
    "governance_motion",
    "governance_motionstatuschange",
    "membership_applicationstatuschange",
    "membership_invoice",
    "ledger_journalentry",
    "ledger_posting",
    "pilots_review",
    "pilots_applicationstatuschange",
    "pilots_finding",
}


def _tables_with_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_guarded_table_has_its_triggers(db: Any) -> None:
    assert GUARDED - _tables_with_triggers() == set()
