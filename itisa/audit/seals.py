"""Sealed records: rows the audit chain vouches for, so that an edit made around the database triggers
is found by ``itisa audit verify``.

The database triggers refuse UPDATE and DELETE on the append-only tables; someone with the database's
owner account can still drop a trigger, edit, and put it back. So the audit entry of the service that
writes a row of a sealed table carries the row's *seal* under ``data["sealed"]``:
``{"table": <db table>, "id": <primary key>, "sha256": <digest of the row as stored>}``, the digest
being SHA-256 over the RFC 8785 canonical JSON of ``{"table", "row": {column: value}}`` (every concrete
column by its database name; times in the chain's UTC format, Decimals and binary as text). A row
that may legitimately change (a material replaced while the application is a draft) is sealed again
by the entry of that change; the latest seal counts.

``sealed_record_problems`` (run by ``audit verify`` once the chain itself verifies) recomputes every
row of every sealed table: a row that differs from its seal, a row with no seal (written around the
services), and a sealed row that is gone are each named by table and id.

Sealed tables: every status history (each concrete ``core.workflows.StatusChange``) and the tables
the apps register in ``AppConfig.ready`` with ``register_sealed``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.utils.translation import gettext

from itisa.audit.chain import canonical_json, utc_iso
from itisa.core.workflows import StatusChange

_REGISTERED: dict[str, type[models.Model]] = {}


def register_sealed(model: type[models.Model]) -> None:
    """Seal ``model``'s rows: its services pass the rows they write to ``log_action(sealed=…)``."""
    _REGISTERED[model._meta.db_table] = model


def sealed_models() -> dict[str, type[models.Model]]:
    """Every sealed table (db table -> model): the status histories and the registered tables."""
    found = {
        m._meta.db_table: m
        for m in apps.get_models()
        if issubclass(m, StatusChange) and not m._meta.abstract and not m._meta.proxy
    }
    return {**found, **_REGISTERED}


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _plain(value: Any) -> Any:
    """A stored value as canonical JSON can hold it, the same on every database."""
    if isinstance(value, dt.datetime):
        return utc_iso(value) if value.tzinfo is not None else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return bytes(value).hex()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and abs(value) > 2**53:
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def row_digest(table: str, row: dict[str, Any]) -> str:
    """SHA-256 (hex) of one stored row: canonical JSON of its table and its columns."""
    body = canonical_json({"table": table, "row": {k: _plain(v) for k, v in row.items()}})
    return hashlib.sha256(body).hexdigest()


def seals_of(rows: Iterable[models.Model]) -> list[dict[str, Any]]:
    """The seals of saved rows of sealed tables, read back as the database stored them."""
    by_model: dict[type[models.Model], list[Any]] = {}
    for obj in rows:
        if obj.pk is None:
            raise ValueError(f"cannot seal an unsaved {type(obj).__name__}")
        by_model.setdefault(type(obj), []).append(obj.pk)
    if not by_model:
        return []
    sealed = sealed_models()
    seals = []
    for model, pks in by_model.items():
        table = model._meta.db_table
        if sealed.get(table) is not model:
            raise ValueError(f"{model._meta.label} is not a sealed table; register it with register_sealed")
        pk = model._meta.pk.attname  # type: ignore[union-attr]
        stored = model._base_manager.filter(pk__in=pks).order_by(pk).values(*_columns(model))
        for row in stored:
            seals.append({"table": table, "id": row[pk], "sha256": row_digest(table, row)})
    return sorted(seals, key=lambda s: (s["table"], str(s["id"])))


def _latest_seals() -> dict[tuple[str, str], tuple[int, str]]:
    """(table, id) -> (sequence number, digest) of the latest audit entry that sealed the row."""
    from itisa.audit.models import AuditEntry

    latest: dict[tuple[str, str], tuple[int, str]] = {}
    entries = AuditEntry.objects.filter(data__has_key="sealed").order_by("seq").values_list("seq", "data")
    for seq, data in entries.iterator(chunk_size=2000):
        for seal in data.get("sealed", []):
            latest[(seal["table"], str(seal["id"]))] = (seq, seal["sha256"])
    return latest


def sealed_record_problems() -> list[str]:
    """Every row of a sealed table that is not what the audit chain sealed, named by table and id."""
    latest = _latest_seals()
    problems = []
    tables = sealed_models()
    filled = _tables_with_rows(sorted(tables))
    for table, model in sorted(tables.items()):
        if table not in filled:  # nothing to compare; its seals, if any, are reported as gone below
            continue
        pk = model._meta.pk.attname  # type: ignore[union-attr]
        rows = model._base_manager.order_by(pk).values(*_columns(model))
        for row in rows.iterator(chunk_size=2000):
            seal = latest.pop((table, str(row[pk])), None)
            if seal is None:
                problems.append(
                    gettext(
                        "%(table)s row %(id)s: not sealed by the audit chain (written around the services)"
                    )
                    % {"table": table, "id": row[pk]}
                )
            elif row_digest(table, row) != seal[1]:
                problems.append(
                    gettext("%(table)s row %(id)s: changed since audit entry #%(seq)s sealed it")
                    % {"table": table, "id": row[pk], "seq": seal[0]}
                )
    gone = sorted(latest.items(), key=lambda item: (item[0][0], len(item[0][1]), item[0][1]))
    for (table, row_id), (seq, _digest) in gone:
        if table in tables:
            problems.append(
                gettext("%(table)s row %(id)s: sealed by audit entry #%(seq)s, but no longer there")
                % {"table": table, "id": row_id, "seq": seq}
            )
    return problems


def _tables_with_rows(tables: list[str]) -> set[str]:
    """Which of ``tables`` hold a row, asked in one statement a batch: most sealed tables are empty or small,
    and an ORM query per table cost more than comparing the rows."""
    qn = connection.ops.quote_name
    filled: set[str] = set()
    for start in range(0, len(tables), _BATCH):  # SQLite takes up to 500 parts in one compound SELECT
        batch = tables[start : start + _BATCH]
        sql = " UNION ALL ".join(
            f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {qn(table)})"  # noqa: S608 - our own table names
            for i, table in enumerate(batch)
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            filled.update(batch[i] for (i,) in cursor.fetchall())
    return filled


_BATCH = 200
