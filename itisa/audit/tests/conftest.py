"""Fixtures of the audit tests: a short chain, signing-key paths in tmp_path, and trigger removal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from itisa.audit.actions import register_action
from itisa.audit.models import AuditEntry
from itisa.audit.services import log_action
from tests.factories import UserFactory

NOTED = register_action("audit.test.noted", "Test note")


@dataclass
class Paths:
    key: Path
    checkpoints: Path


@pytest.fixture
def paths(settings: Any, tmp_path: Path) -> Paths:
    """Signing key and checkpoints file inside tmp_path."""
    settings.ITISA_AUDIT_SIGNING_KEY = str(tmp_path / "keys" / "audit-ed25519.pem")
    settings.ITISA_AUDIT_CHECKPOINTS = str(tmp_path / "audit-checkpoints.jsonl")
    return Paths(
        key=tmp_path / "keys" / "audit-ed25519.pem", checkpoints=tmp_path / "audit-checkpoints.jsonl"
    )


@pytest.fixture
def chain(db: Any) -> list[AuditEntry]:
    """Five entries by one user about another user, with Chinese text and a Decimal in the data."""
    actor = UserFactory(username="auditor")
    subject = UserFactory(username="subject")
    return [
        log_action(subject, NOTED, by=actor, data={"n": n, "note": f"第{n}条", "amount": Decimal("1.50")})
        for n in range(1, 6)
    ]


def drop_triggers() -> None:
    """Remove the append-only triggers inside the test's transaction (rolled back afterwards)."""
    statements = {
        "sqlite": [
            "DROP TRIGGER audit_auditentry_no_update",
            "DROP TRIGGER audit_auditentry_no_delete",
        ],
        "postgresql": ["DROP TRIGGER audit_auditentry_append_only ON audit_auditentry"],
    }[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
