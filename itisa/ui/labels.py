"""Labels people read instead of stored codes: a person's name for an account, the system for no
account, a choice's label for its value. Pages and template filters (``{% load labels %}``) share them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext


def person_name(user: Any) -> str:
    """Who acted, as people name them: the display name, else the full name, else the login; no user
    (or the anonymous visitor) is the system."""
    if user is None or not getattr(user, "is_authenticated", False):
        return pgettext("actor", "System")
    return str(user)  # ``accounts.User.__str__``: display name, else full name, else login


def choice_label(choices: Any, value: Any) -> str:
    """The label of ``value`` among Django ``choices`` (flat or grouped); a list of values gives the
    labels joined; a value not among them is shown as it is; nothing is a dash."""
    if value in (None, "", []):
        return "—"
    labels: dict[str, Any] = {}
    for key, label in choices or ():
        if isinstance(label, list | tuple):
            labels.update((str(k), v) for k, v in label)
        else:
            labels[str(key)] = label
    if isinstance(value, list | tuple):
        return pgettext("list separator", ", ").join(str(labels.get(str(v), v)) for v in value)
    return str(labels.get(str(value), value))
