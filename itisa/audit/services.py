"""Writing the audit log. Every service of every app calls ``log_action`` inside its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone

from itisa.audit.actions import is_registered
from itisa.audit.chain import canonical_body, entry_hash
from itisa.audit.models import AuditEntry, AuditHead
from itisa.audit.records import EXPORT_FIELDS
from itisa.audit.seals import seals_of
from itisa.core.actors import Actor


def object_type_of(obj: models.Model) -> str:
    """``app_label.model`` of a model instance, the stable object type of audit entries."""
    return obj._meta.label_lower


def _plain(data: Any) -> Any:
    """JSON-safe copy: Decimals, dates and UUIDs become strings; floats are refused (hashes must be exact)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    plain = json.loads(text)

    def canonical_safe(value: Any) -> Any:
        # RFC 8785 numbers are IEEE doubles: floats are refused, integers beyond 2^53 become strings
        if isinstance(value, float):
            raise TypeError("audit data must not contain floats; pass Decimal or str")
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and abs(value) > 2**53:
            return str(value)
        if isinstance(value, dict):
            return {k: canonical_safe(v) for k, v in value.items()}
        if isinstance(value, list):
            return [canonical_safe(v) for v in value]
        return value

    return canonical_safe(plain)


def log_action(
    obj: models.Model | None,
    action: str,
    *,
    by: Actor | None,
    data: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    sealed: Iterable[models.Model] = (),
) -> AuditEntry:
    """Append one entry to the chain in the caller's transaction.

    ``by`` is the acting user (or None for the system). The head row is locked so that the
    sequence stays gap-free under concurrency. ``sealed``: rows of sealed tables this action wrote
    (a history row, a material, a vote); their seals go into ``data["sealed"]`` (``audit.seals``).
    """
    if not is_registered(action):
        raise ValueError(f"unregistered audit action code {action!r}")
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    object_repr = object_repr[:300]
    actor_id = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
    actor_label = by.get_username() if by is not None and actor_id is not None else "system"
    payload = _plain(data or {})
    seals = seals_of(sealed)
    if seals:
        payload["sealed"] = seals
    connection = connections[router.db_for_write(AuditEntry)]
    sql = _statements(connection)
    # no savepoint of its own: an append that fails takes the caller's change down with it
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql.head)  # locks the head row until the transaction ends (PostgreSQL)
        row = cursor.fetchone()
        if row is None:  # the first entry ever: create the head row (get_or_create settles a race)
            head, _created = AuditHead.objects.select_for_update().get_or_create(singleton=1)
            row = (head.seq, head.hash)
        prev_seq, prev_hash = row
        seq = prev_seq + 1
        at = timezone.now()
        body = canonical_body(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            data=payload,
        )
        digest = entry_hash(prev_hash, body)
        entry = AuditEntry(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            data=payload,
            prev_hash=prev_hash,
            hash=digest,
        )
        cursor.execute(
            sql.insert, [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in sql.fields]
        )
        entry.pk = (
            cursor.fetchone()[0]
            if sql.returning
            else connection.ops.last_insert_id(cursor, AuditEntry._meta.db_table, "id")
        )
        entry._state.adding, entry._state.db = False, connection.alias
        cursor.execute(sql.advance, [seq, digest])
    return entry


def stored_fields() -> list[Field[Any, Any]]:
    """The stored fields of an entry, in the order of ``records.EXPORT_FIELDS``."""
    by_name = {f.attname: f for f in AuditEntry._meta.concrete_fields}
    return [by_name[name] for name in EXPORT_FIELDS]


def stored_columns(connection: BaseDatabaseWrapper) -> str:
    """The quoted columns of ``stored_fields``, for a statement on ``connection``."""
    return ", ".join(
        connection.ops.quote_name(f.get_attname_column()[1] or f.attname) for f in stored_fields()
    )


class _Statements(NamedTuple):
    """The three statements of an append, written once per database vendor (``_statements``)."""

    head: str
    insert: str
    returning: bool
    advance: str
    fields: list[Field[Any, Any]]


_STATEMENTS: dict[str, _Statements] = {}


def _statements(connection: BaseDatabaseWrapper) -> _Statements:
    """The SQL of an append through a plain cursor: an append is on every write of every service, and
    compiling three ORM queries for it cost more than running them. The values still go through each
    field's ``get_db_prep_save``, so the stored columns are those the ORM would write."""
    found = _STATEMENTS.get(connection.vendor)
    if found is None:
        qn = connection.ops.quote_name
        head = qn(AuditHead._meta.db_table)
        table = qn(AuditEntry._meta.db_table)
        fields = stored_fields()
        returning = connection.features.can_return_columns_from_insert
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        found = _Statements(
            head=f"SELECT {qn('seq')}, {qn('hash')} FROM {head} WHERE {qn('singleton')} = 1{lock}",  # noqa: S608
            insert=(
                f"INSERT INTO {table} ({stored_columns(connection)})"  # noqa: S608
                f" VALUES ({', '.join(['%s'] * len(fields))})"
                + (f" RETURNING {qn('id')}" if returning else "")
            ),
            returning=returning,
            advance=f"UPDATE {head} SET {qn('seq')} = %s, {qn('hash')} = %s WHERE {qn('singleton')} = 1",  # noqa: S608
            fields=fields,
        )
        _STATEMENTS[connection.vendor] = found
    return found
