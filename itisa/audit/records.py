"""Plain records of audit entries and their export form (JSON Lines), shared by export and verification.

An export line holds every stored field of one entry, with the time in the chain's UTC format
(``chain.utc_iso``), so that a verifier can recompute each hash without the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext

from itisa.audit.chain import canonical_body, entry_hash, utc_iso

EXPORT_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "data",
    "prev_hash",
    "hash",
)
_UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_TEXT_FIELDS = ("actor_label", "action", "object_type", "object_id", "object_repr", "prev_hash", "hash")


class MalformedLine(ValueError):
    """A line of an export or checkpoints file that cannot be read; ``line`` counts from 1."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(gettext("line %(line)s: %(reason)s") % {"line": line, "reason": reason})
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class EntryRecord:
    """One audit entry as stored, independent of the ORM."""

    seq: int
    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    data: Any
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, entry: Any) -> EntryRecord:
        """The record of a stored ``AuditEntry`` (or anything with the same attributes)."""
        return cls(*(getattr(entry, name) for name in EXPORT_FIELDS))

    def body(self) -> bytes:
        """The canonical JSON that the entry's hash covers."""
        return canonical_body(
            seq=self.seq,
            at=self.at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            object_repr=self.object_repr,
            data=self.data,
        )

    def recomputed_hash(self) -> str:
        """The hash this entry should carry, given its own content and recorded ``prev_hash``."""
        return entry_hash(self.prev_hash, self.body())

    def to_export(self) -> dict[str, Any]:
        """The export object, fields in a fixed order."""
        return {
            "seq": self.seq,
            "at": utc_iso(self.at),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    def to_json_line(self) -> str:
        return json.dumps(self.to_export(), ensure_ascii=False, separators=(",", ":"))


def parse_utc(text: str) -> datetime:
    """Read a time written by ``chain.utc_iso`` back into an aware datetime."""
    return datetime.strptime(text, _UTC_FORMAT).replace(tzinfo=UTC)


def record_from_export(obj: Any, line: int) -> EntryRecord:
    """Validate one decoded export object and turn it into a record."""
    if not isinstance(obj, dict):
        raise MalformedLine(line, gettext("not a JSON object"))
    missing = [name for name in EXPORT_FIELDS if name not in obj]
    if missing:
        raise MalformedLine(line, gettext("missing fields: %(fields)s") % {"fields": ", ".join(missing)})
    seq = obj["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise MalformedLine(line, gettext("seq must be a positive integer"))
    actor_id = obj["actor_id"]
    if actor_id is not None and (not isinstance(actor_id, int) or isinstance(actor_id, bool)):
        raise MalformedLine(line, gettext("actor_id must be an integer or null"))
    for name in _TEXT_FIELDS:
        if not isinstance(obj[name], str):
            raise MalformedLine(line, gettext("%(field)s must be a string") % {"field": name})
    try:
        at = parse_utc(obj["at"]) if isinstance(obj["at"], str) else None
    except ValueError:
        at = None
    if at is None:
        raise MalformedLine(line, gettext("at must be a UTC time like 2025-01-31T08:00:00.000000Z"))
    return EntryRecord(
        seq=seq,
        at=at,
        actor_id=actor_id,
        actor_label=obj["actor_label"],
        action=obj["action"],
        object_type=obj["object_type"],
        object_id=obj["object_id"],
        object_repr=obj["object_repr"],
        data=obj["data"],
        prev_hash=obj["prev_hash"],
        hash=obj["hash"],
    )


def records_from_export(lines: Iterable[str]) -> Iterator[EntryRecord]:
    """Records of an export file, in file order; blank lines are skipped, bad lines raise ``MalformedLine``."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MalformedLine(number, gettext("not valid JSON (%(error)s)") % {"error": exc.msg}) from exc
        yield record_from_export(obj, number)
