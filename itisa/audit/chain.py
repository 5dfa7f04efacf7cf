"""Canonical form and hashing of audit entries (pure functions, no ORM)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import rfc8785

GENESIS_HASH = "0" * 64


def canonical_body(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    data: Any,
) -> bytes:
    """RFC 8785 canonical JSON of the hashed fields; time in UTC ISO-8601 with microseconds."""
    body = {
        "seq": seq,
        "at": utc_iso(at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "data": data,
    }
    return rfc8785.dumps(body)


def utc_iso(at: datetime) -> str:
    """UTC ISO-8601 with microseconds and a Z, the one time format of the chain."""
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, body: bytes) -> str:
    """SHA-256 over the previous hash (hex, ASCII) followed by the canonical body."""
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()
