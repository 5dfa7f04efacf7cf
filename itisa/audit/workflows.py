"""The one mover: check the transition table, change the status, write the history row and the audit entry.

The table type and the abstract history row are in ``itisa.core.workflows``; ``move`` lives here
because it writes the audit entry, and core (the lowest layer) may not import the audit log.
Every domain app sits above the audit layer, so each may call ``move``.

The caller locks the subject first (``select_for_update``) where concurrent moves are possible,
and sets any other fields that change with the status on the object, naming them in ``fields``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise

from itisa.audit.services import log_action
from itisa.core.actors import Actor
from itisa.core.workflows import StatusChange, Transitions, actor_label, actor_or_none


def move(
    obj: models.Model,
    target: str,
    *,
    by: Actor | None,
    actors: Collection[str],
    table: Transitions,
    history: type[StatusChange] | None = None,
    action: str | None = None,
    data: dict[str, Any] | None = None,
    comment: str = "",
    fields: Iterable[str] = (),
    at: dt.datetime | None = None,
    invalid: str | Promise | None = None,
    denied: str | Promise | None = None,
    status_field: str = "status",
    object_repr: str = "",
    audit_on: models.Model | None = None,
    sealed: Iterable[models.Model] = (),
    collect: list[models.Model] | None = None,
) -> str:
    """Move ``obj`` to ``target``; return the status it had.

        Raises ``InvalidTransition`` (with ``invalid``) when the table has no such move and
        ``PermissionDenied`` (with ``denied``) when none of ``actors`` may make it. Saves
        ``status_field``, ``fields`` and ``updated_at`` (when the model has it), writes a ``history``
        row (if given) and the ``action`` audit entry (if given; required with a history row, which
        its entry seals: ``audit.seals``) with ``data``, which defaults to
        ``{"from": old, "to": target, "comment": comment}`` (and ``object_repr``, if given), naming ``audit_on`` instead of ``obj`` when given (an exit
    notice's moves are entries of its membership). The entry seals the history row and any other
    rows given in ``sealed``; a move without ``action`` hands its history row to ``collect`` instead,
    for the entry the caller writes (a meeting cancelled with its motions).
    """
    old = str(getattr(obj, status_field))
    table.check(old, target, actors, invalid=invalid, denied=denied)
    when = at or timezone.now()
    with transaction.atomic():
        setattr(obj, status_field, target)
        update = [status_field, *fields]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields) and "updated_at" not in update:
            update.append("updated_at")
        obj.save(update_fields=update)
        row = record(history, obj, old, target, by=by, comment=comment, at=when) if history else None
        if action is not None:
            log_action(
                obj if audit_on is None else audit_on,
                action,
                by=by,
                data=data if data is not None else {"from": old, "to": target, "comment": comment},
                object_repr=object_repr,
                sealed=[*sealed, *([row] if row is not None else [])],
            )
        elif row is not None:
            if collect is None:
                raise ValueError("a move that writes a history row needs an audit entry to seal it")
            collect.append(row)
    return old


def record(
    history: type[StatusChange],
    subject: models.Model,
    old: str,
    new: str,
    *,
    by: Actor | None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> StatusChange:
    """Write one history row (``move`` calls this; so does a service that creates a subject in its first
    status, and passes the row to its ``log_action(sealed=…)``)."""
    row: StatusChange = history._default_manager.create(
        **{history.subject_field: subject},
        old_status=old,
        new_status=new,
        # The foreign key is to AUTH_USER_MODEL, which audit may not name (it sits below accounts);
        # an authenticated Actor is an instance of that model.
        by=actor_or_none(by),  # type: ignore[misc]
        actor_label=actor_label(by, system=history.system_label),
        at=at or timezone.now(),
        comment=comment,
    )
    return row
