"""The personal to-do list (待办): what each user must do next, generated from the workflows and clocks.

Nothing is stored: every domain app registers, in its ``AppConfig.ready``, a provider
``provider(user, now) -> Iterable[Todo]`` that reads its own models in a fixed number of queries
(``add_todo_provider(todos)``), and the kinds of duty it raises with their labels
(``todo_kind("agreements.version.sign", _("Sign"), _("Agreement versions to sign"))``). The list is
whatever is due at ``now``: a signature given, a vote cast or an invoice paid makes its item vanish.
This module sits in the notifications layer so that every app above may plug into it; it imports
none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

__all__ = [
    "Todo",
    "TodoKind",
    "add_todo_provider",
    "todo_kind",
    "todo_kinds",
    "todo_panel",
    "todos_for",
]

# how many duties the home page's panel shows before "see all"
PANEL_COUNT = 5


@dataclass(frozen=True)
class TodoKind:
    """A kind of duty: a stable dotted code, the verb shown before an item's subject (``Sign``) and
    the label of the kind in filters (``Agreement versions to sign``); both translated lazily."""

    code: str
    title: str | Promise
    label: str | Promise


@dataclass(frozen=True)
class Todo:
    """One thing a user must do.

    ``title`` (the kind's verb, translated) followed by ``subject`` (what it is about, e.g.
    ``CSA/v2``) is what people read; ``detail`` adds context (the party one signs for, the seat one
    votes for). ``ref`` is a stable identifier of the duty (``motion:5:seat:3``), used as the
    calendar UID. ``url`` is the page where it is done, in the active language. ``due`` is the last
    day to do it; ``starts_at``/``ends_at`` are the moments of a dated event (a meeting, a ballot's
    deadline). ``overdue`` is set by ``todos_for``: the due day has passed (shown as 逾期).
    """

    kind: TodoKind
    ref: str
    subject: str
    url: str
    alliance: str | None = None
    detail: str = ""
    due: dt.date | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    overdue: bool = False

    @property
    def title(self) -> str | Promise:
        return self.kind.title

    @property
    def code(self) -> str:
        return self.kind.code


Provider = Callable[[Any, dt.datetime], Iterable[Todo]]

_KINDS: dict[str, TodoKind] = {}
_PROVIDERS: list[Provider] = []


def todo_kind(code: str, title: str | Promise, label: str | Promise) -> TodoKind:
    """Register a kind of duty (once per code; registering the same code again returns the first)."""
    return _KINDS.setdefault(code, TodoKind(code, title, label))


def todo_kinds() -> list[TodoKind]:
    """Every registered kind, by code."""
    return [_KINDS[code] for code in sorted(_KINDS)]


def add_todo_provider(provider: Provider) -> None:
    """Add a domain app's provider (called from its ``AppConfig.ready``; adding it twice is harmless)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _order(todo: Todo) -> tuple[Any, ...]:
    # overdue first, then by due day (undated last), then by moment, alliance, kind and subject
    return (
        not todo.overdue,
        todo.due is None,
        todo.due or dt.date.max,
        todo.starts_at is None,
        todo.starts_at or dt.datetime.max.replace(tzinfo=dt.UTC),
        todo.alliance or "",
        todo.kind.code,
        todo.subject,
        todo.ref,
    )


def todos_for(user: Any, *, now: dt.datetime | None = None, kind: str = "") -> list[Todo]:
    """The user's to-do list at ``now`` (default: the current time), overdue first, then by due date.

    ``kind`` keeps one kind of duty. Anonymous and inactive users have nothing to do.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    items: list[Todo] = []
    for provider in _PROVIDERS:
        for todo in provider(user, now):
            if kind and todo.kind.code != kind:
                continue
            items.append(replace(todo, overdue=todo.due is not None and todo.due < today))
    return sorted(items, key=_order)


def todo_panel(user: Any, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The home page's to-do panel (``notifications/_todo_panel.html``): the first duties and how
    many there are in all."""
    items = todos_for(user, now=now)
    return {"todo_items": items[:PANEL_COUNT], "todo_count": len(items)}
