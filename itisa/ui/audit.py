"""Audit entries as people read them: the action's label, who acted by name, and the data as rows of
translated names and values (field labels, choice labels, a status move as "old → new", recipients by name).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import pgettext

from itisa.accounts.models import User
from itisa.audit.actions import action_label, is_registered
from itisa.audit.labels import FROM, RECIPIENTS, TO, data_key_label, data_value_label
from itisa.audit.models import AuditEntry
from itisa.ui.labels import person_name

HIDDEN_KEYS = ("changes", "sealed")  # the seals are for ``audit verify``, not for reading


def _field(model: Any, key: str) -> Any:
    """The model field a data key names (``legal_rep_*`` keys name the legal representative's), or None."""
    if model is None:
        return None
    target = model
    if key.startswith("legal_rep_"):
        target = model._meta.get_field("legal_representative").related_model
    try:
        return target._meta.get_field(key.removeprefix("legal_rep_"))
    except (FieldDoesNotExist, AttributeError):
        return None


def _label(model: Any, key: str, field: Any) -> str:
    if field is not None:
        label = capfirst(str(field.verbose_name))
        if key.startswith("legal_rep_"):
            return f"{model._meta.get_field('legal_representative').verbose_name} · {label}"
        return label
    return data_key_label(key) or key


def _display(key: str, field: Any, value: Any, names: dict[str, str]) -> str:
    """A stored value as people read it: choice labels instead of codes, names instead of logins, "—" for nothing."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(_display(key, field, v, names) for v in value)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if key == RECIPIENTS:
        return names.get(str(value), str(value))
    if isinstance(value, str):
        label = data_value_label(key, value)
        if label is None and key == "kind" and is_registered(value):
            label = action_label(value)
        return label or value
    return str(value)


def _moved_field(model: Any, old: Any, new: Any) -> Any:
    """The choice field a ``from``/``to`` pair moved (the status first, else e.g. a member's rank): the
    first whose choices hold both values; None when no field does."""
    if model is None:
        return None
    fields = sorted(
        (f for f in model._meta.fields if getattr(f, "choices", None)), key=lambda f: f.name != "status"
    )
    for field in fields:
        values = {str(v) for v, _label in field.flatchoices} | {""}
        if str(old or "") in values and str(new or "") in values:
            return field
    return None


def data_rows(data: Any, model: Any = None, names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """An entry's data as (name, value) rows; ``changes`` maps and a ``from``/``to`` pair of statuses become
    "old → new"; ``names`` maps logins to people's names."""
    names = names or {}
    if not isinstance(data, dict):
        return [("", str(data))]
    rows: list[tuple[str, str]] = []
    changes = data.get("changes")
    if isinstance(changes, dict):
        for key, pair in changes.items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            field = _field(model, key)
            rows.append(
                (
                    _label(model, key, field),
                    f"{_display(key, field, old, names)} → {_display(key, field, new, names)}",
                )
            )
    status = _moved_field(model, data.get(FROM), data.get(TO)) if FROM in data and TO in data else None
    moved = status is not None
    if status is not None:
        old, new = _display(FROM, status, data[FROM], names), _display(TO, status, data[TO], names)
        rows.append((capfirst(str(status.verbose_name)), f"{old} → {new}"))
    for key, value in data.items():
        if key in HIDDEN_KEYS or (moved and key in (FROM, TO)):
            continue
        field = _field(model, key)
        rows.append((_label(model, key, field), _display(key, field, value, names)))
    return rows


def _names(entries: Iterable[AuditEntry]) -> dict[str, str]:
    """People's names for every login that the entries' data lists as recipients (one query)."""
    logins = {str(u) for e in entries if isinstance(e.data, dict) for u in e.data.get(RECIPIENTS) or ()}
    return {u.username: person_name(u) for u in User.objects.filter(username__in=logins)} if logins else {}


def history_rows(entries: Iterable[AuditEntry], model: Any = None) -> list[dict[str, Any]]:
    """Rows of a history page: the entry, its action's label, who acted by name, and its data rows."""
    entries = list(entries)
    names = _names(entries)
    return [
        {
            "entry": e,
            "label": action_label(e.action),
            "actor": person_name(e.actor),
            "changes": data_rows(e.data, model, names),
        }
        for e in entries
    ]
