"""Reads of the audit log. Callers decide first whether the viewer may see the object's history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import Any

from django.db import connections, models, router
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime

from itisa.audit.models import AuditEntry, AuditHead
from itisa.audit.records import EntryRecord
from itisa.audit.services import object_type_of, stored_columns

CHUNK_SIZE = 2000


def history_of(obj: models.Model) -> QuerySet[AuditEntry]:
    """Entries about one object, oldest first, actor joined."""
    return (
        AuditEntry.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
        .select_related("actor")
        .order_by("seq")
    )


def recorded(model: type[models.Model], action: str) -> Exists:
    """An ``Exists`` for a queryset of ``model``: an entry ``action`` was written about the row.

    What a clock that only tells people (an agreement's term ended) filters on, so that it tells them once.
    """
    return Exists(
        AuditEntry.objects.filter(
            action=action,
            object_type=model._meta.label_lower,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
    )


def chain_records(*, up_to: int | None = None) -> Iterator[EntryRecord]:
    """Every entry in sequence order as plain records, streamed in chunks (never all in memory).

    Read through a plain (server-side where the database has them) cursor, not the ORM: ``audit verify``
    reads every entry, and the ORM's per-row converters cost more than the hashing. The columns are
    decoded as the ORM's converters decode them (``_record``), so a record is the same either way.
    """
    connection = connections[router.db_for_read(AuditEntry)]
    qn = connection.ops.quote_name
    columns = stored_columns(connection)
    where = f" WHERE {qn('seq')} <= %s" if up_to is not None else ""
    sql = f"SELECT {columns} FROM {qn(AuditEntry._meta.db_table)}{where} ORDER BY {qn('seq')}"  # noqa: S608
    zone = connection.timezone or UTC
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [up_to] if up_to is not None else [])
        while rows := cursor.fetchmany(CHUNK_SIZE):
            for row in rows:
                yield _record(row, zone)


def _record(row: tuple[Any, ...], zone: tzinfo) -> EntryRecord:
    """A stored row as the ORM would read it: the time aware (SQLite keeps it without its zone; a backend
    that hands the text is parsed like Django's converter does) and the JSON decoded, its text kept when
    it is not JSON (``JSONField.from_db_value``), so that such a column no longer gives the entry's hash."""
    seq, at, actor_id, actor_label, action, object_type, object_id, object_repr, data, prev_hash, digest = row
    if isinstance(at, str):
        at = parse_datetime(at) or at
    if isinstance(at, datetime) and at.tzinfo is None:
        at = at.replace(tzinfo=zone)
    if isinstance(data, str):
        try:
            decoded = json.loads(data)
        except json.JSONDecodeError:
            decoded = data
    else:
        decoded = data
    return EntryRecord(
        seq,
        at,
        actor_id,
        actor_label,
        action,
        object_type,
        object_id,
        object_repr,
        decoded,
        prev_hash,
        digest,
    )


def chain_head() -> AuditHead | None:
    """The head row (latest sequence number and hash), or None before the first entry."""
    return AuditHead.objects.filter(singleton=1).first()


def last_entry() -> AuditEntry | None:
    """The entry with the highest sequence number."""
    return AuditEntry.objects.order_by("-seq").first()


def recent_entries(*, object_type: str = "", object_id: str = "", limit: int = 20) -> QuerySet[AuditEntry]:
    """The ``limit`` latest entries, newest first, optionally about one object."""
    entries = AuditEntry.objects.order_by("-seq")
    if object_type:
        entries = entries.filter(object_type=object_type, object_id=object_id)
    return entries[:limit]
