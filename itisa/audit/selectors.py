"""Reads of the audit log. Callers decide first whether the viewer may see the object's history."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from itisa.audit.models import AuditEntry
from itisa.audit.services import object_type_of


def history_of(obj: models.Model) -> QuerySet[AuditEntry]:
    """Entries about one object, oldest first, actor joined."""
    return (
        AuditEntry.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
        .select_related("actor")
        .order_by("seq")
    )
