"""Canonical form and hashing of audit entries (pure functions, no ORM)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import rfc8785

GENESIS_HASH = "0" * 64
_INT_LIMIT = 2**53 - 1  # RFC 8785 numbers are IEEE doubles: integers beyond are refused by rfc8785


def _plain_json(value: Any) -> bool:
    r"""Whether ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` writes
    exactly the RFC 8785 form of ``value``.

    It does when the value holds only None, booleans, integers within ±(2^53 - 1), strings, lists and
    dicts whose keys are strings without characters beyond the Basic Multilingual Plane: the two write
    literals, integers and separators alike and escape strings with the same table (``"``, ``\\``,
    ``\b \f \n \r \t``, other controls as lowercase ``\u00xx``, nothing else); they order keys the same
    unless a key holds a character above U+FFFF (RFC 8785 sorts by UTF-16 code units, Python by code
    points). Floats, larger integers, other key types and such keys go through ``rfc8785``.
    """
    stack = [value]
    while stack:  # iterative: this runs for every entry that verify reads
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is int:
            if not -_INT_LIMIT <= item <= _INT_LIMIT:
                return False
        elif kind is dict:
            for key in item:
                if type(key) is not str or not (key.isascii() or max(key) <= "\uffff"):
                    return False
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        else:
            return False
    return True


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _encoded(value: Any) -> bytes:
    """The C encoder's text of a value ``_plain_json`` accepted; ``rfc8785`` for a lone surrogate (it refuses it)."""
    try:
        return _ENCODER.encode(value).encode("utf-8")
    except UnicodeEncodeError:
        return rfc8785.dumps(value)


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON of ``value`` (UTF-8): through the C JSON encoder where that is provably the
    same text (``_plain_json``), else through ``rfc8785``, which also refuses what JSON cannot hold exactly."""
    return _encoded(value) if _plain_json(value) else rfc8785.dumps(value)


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
    """RFC 8785 canonical JSON (``canonical_json``) of the hashed fields; time in UTC ISO-8601 with microseconds."""
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
    # the same as canonical_json(body), without walking the fields whose types are checked here
    plain = (
        type(seq) is int
        and 0 <= seq <= _INT_LIMIT
        and (actor_id is None or (type(actor_id) is int and -_INT_LIMIT <= actor_id <= _INT_LIMIT))
        and all(type(text) is str for text in (actor_label, action, object_type, object_id, object_repr))
        and _plain_json(data)
    )
    return _encoded(body) if plain else rfc8785.dumps(body)


def utc_iso(at: datetime) -> str:
    """UTC ISO-8601 with microseconds and a Z, the one time format of the chain."""
    if not isinstance(at, datetime):  # a stored time that no longer reads as one
        raise TypeError(f"not a time: {at!r}")
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    utc = at if at.tzinfo is UTC else at.astimezone(UTC)
    if utc.year < 1000:  # isoformat pads the year to four digits; keep strftime's form for these
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # the same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ") (isoformat ends a UTC time with "+00:00"), about
    # three times as fast (verify formats every entry)
    return utc.isoformat(timespec="microseconds")[:-6] + "Z"


def entry_hash(prev_hash: str, body: bytes) -> str:
    """SHA-256 over the previous hash (hex, ASCII) followed by the canonical body."""
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()
