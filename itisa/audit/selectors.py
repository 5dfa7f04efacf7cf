"""Reads of the audit log. Callers decide first whether the viewer may see the object's history."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast

from itisa.audit.models import AuditEntry, AuditHead
from itisa.audit.records import EXPORT_FIELDS, EntryRecord
from itisa.audit.services import object_type_of

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
    """Every entry in sequence order as plain records, streamed in chunks (never all in memory)."""
    entries = AuditEntry.objects.order_by("seq")
    if up_to is not None:
        entries = entries.filter(seq__lte=up_to)
    for row in entries.values_list(*EXPORT_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield EntryRecord(*row)


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
