"""What the parts of the import share: the result counts, refusing with problems, cleaning, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import validation_error_fields
from itisa.dossier import actions
from itisa.dossier.extensions import section_kinds
from itisa.dossier.schemas import Problem
from itisa.dossier.services._fields import KINDS, NULLABLE_CHOICES

if TYPE_CHECKING:
    from itisa.accounts.models import User


def import_kinds() -> tuple[str, ...]:
    """Every kind of object an import counts: the core ones, then those of the registered sections."""
    return KINDS + section_kinds()


@dataclass
class ImportResult:
    """What an import did, counted per kind of object; ``problems`` is non-empty when nothing was written."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(import_kinds(), 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(import_kinds(), 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(import_kinds(), 0))
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Refused(Exception):
    """Raised inside the import transaction to roll everything back."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0]))
        self.problems = problems


def refuse(path: str, message: str) -> Refused:
    return Refused([Problem(path, message)])


def clean(obj: Any, path: str, exclude: list[str] | None = None) -> None:
    """``full_clean`` with each error turned into a problem at ``path.field``."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        problems = [
            Problem(path if name == "__all__" else f"{path}.{name}", message)
            for name, messages in validation_error_fields(exc).items()
            for message in messages
        ]
        raise Refused(problems) from exc


def values_of(doc: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a document, with empty choices (null in JSON) as the empty string."""
    values = {n: getattr(doc, n) for n in names}
    for name in NULLABLE_CHOICES:
        if name in values and values[name] is None:
            values[name] = ""
    return values


def plain(value: Any) -> Any:
    """A value as JSON: dates and timestamps in ISO, model instances as their text."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "_meta"):
        return str(value)
    return value


def latest_status(history: Any) -> str | None:
    """The newest ``new_status`` of a status-history queryset (rows ordered by time, then id), or None."""
    return history.order_by("-at", "-pk").values_list("new_status", flat=True).first()


def apply(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the values that differ; return ``{field: [old, new]}`` as JSON-safe values."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [plain(old), plain(value)]
            setattr(obj, name, value)
    return changes


class Ledger:
    """Counts what the import did and writes one audit entry per created or changed object."""

    def __init__(self, code: str, by: User | None) -> None:
        self.code = code
        self.by = by
        self.result = ImportResult()

    def log(
        self, obj: Any, kind: str, change: str, data: dict[str, Any], *, sealed: Iterable[Any] = ()
    ) -> None:
        """Count and audit one imported change; ``sealed``: rows of sealed tables it wrote (``audit.seals``)."""
        counts = self.result.created if change == "created" else self.result.updated
        counts[kind] += 1
        log_action(
            obj,
            actions.DOSSIER_IMPORTED,
            by=self.by,
            data={"dossier": self.code, "change": change, **data},
            sealed=sealed,
        )

    def unchanged(self, kind: str, n: int = 1) -> None:
        self.result.unchanged[kind] += n


def history_insert(
    model: Any,
    subject: Any,
    docs: list[Any],
    *,
    known: dict[tuple[Any, str], Any],
    users: dict[str, Any],
    path: str,
) -> list[Any]:
    """INSERT the status-history rows (``core.workflows.StatusChange``) of ``subject`` that ``known`` (the
    rows here by (at, new_status)) lacks; a row recorded otherwise here is a conflict at
    ``path.status_history[k]`` (rows never change). Returns the rows written, for the entry that seals them."""
    rows = []
    for k, h in enumerate(docs):
        row = known.get((h.at, h.new_status))
        if row is None:
            rows.append(
                model(
                    **{model.subject_field: subject}, old_status=h.old_status or "", new_status=h.new_status,
                    by=users.get(h.by or ""), actor_label=h.by or "", at=h.at, comment=h.comment,
                )
            )  # fmt: skip
        elif (row.old_status, row.actor_label, row.comment) != (h.old_status or "", h.by or "", h.comment):
            raise refuse(f"{path}.status_history[{k}]", _("This status change is recorded otherwise here."))
    model.objects.bulk_create(rows)
    return rows


def users_named(names: set[str]) -> dict[str, Any]:
    """The accounts here with these usernames: a name links to an account only if one exists."""
    names.discard("")
    if not names:
        return {}
    users = get_user_model().objects.filter(username__in=names)
    return {u.get_username(): u for u in users}
