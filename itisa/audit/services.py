"""Writing the audit log. Every service of every app calls ``log_action`` inside its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from itisa.audit.actions import is_registered
from itisa.audit.chain import canonical_body, entry_hash
from itisa.audit.models import AuditEntry, AuditHead
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
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(singleton=1)
        seq = head.seq + 1
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
        digest = entry_hash(head.hash, body)
        entry = AuditEntry.objects.create(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            data=payload,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq = seq
        head.hash = digest
        head.save(update_fields=["seq", "hash"])
    return entry
