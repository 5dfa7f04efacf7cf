"""Reading JSON from outside strictly: one loader for API bodies and dossier files.

``json.loads`` is lenient where a document from outside must not be: a key given twice silently takes
the last value (two readers of the same file could see different documents), ``NaN`` and ``Infinity``
become floats, and ``\\ud800`` or a NUL become text that PostgreSQL or UTF-8 cannot hold. Each of these
is refused here with the place it was found (``postings.0.memo``), so the caller can name it.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from itisa.core.values import ValueRefused, printable, value_problems


class JSONRefused(ValueRefused):
    """A JSON document that parses but breaks a rule; ``path`` is where (dotted, ``""`` for the top)."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path

    @property
    def loc(self) -> tuple[str | int, ...]:
        """The path as parts, list indices as numbers: ``("organisations", 0, "name")``."""
        return tuple(int(p) if p.isdigit() else p for p in self.path.split(".")) if self.path else ()


class _Pairs(list[tuple[str, Any]]):
    """An object's members in document order, before duplicates are checked (with their path)."""


def _refuse_constant(name: str) -> Any:
    raise JSONRefused(_("%(value)s is not a JSON number.") % {"value": name})


def loads_strict(data: bytes | str) -> Any:
    """Parse ``data`` as JSON, refusing duplicate keys, NaN/Infinity, NUL and lone surrogates.

    Raises ``json.JSONDecodeError`` (or ``RecursionError``) for text that is not JSON at all, and
    ``JSONRefused`` for the rest, with the message and the dotted path of the first problem found.
    """
    raw = json.loads(data, object_pairs_hook=_Pairs, parse_constant=_refuse_constant)
    document = _objects(raw)
    problems = value_problems(document)
    if problems:
        path, messages = next(iter(sorted(problems.items())))
        raise JSONRefused(messages[0], path="" if path == "__all__" else path)
    return document


def _objects(raw: Any) -> Any:
    """``raw`` with every ``_Pairs`` turned into a dict; a key seen twice in one object is refused."""
    root: list[Any] = [raw]
    stack: list[tuple[Any, Any, str]] = [(root, 0, "")]
    while stack:
        parent, slot, path = stack.pop()
        value = parent[slot]
        if isinstance(value, _Pairs):
            obj: dict[str, Any] = {}
            for key, item in value:
                if key in obj:
                    raise JSONRefused(
                        _('The key "%(key)s" appears more than once in the same object.')
                        % {"key": printable(key)},
                        path=_join(path, printable(key)),
                    )
                obj[key] = item
            parent[slot] = obj
            stack.extend((obj, key, _join(path, printable(key))) for key in obj)
        elif isinstance(value, list):
            stack.extend((value, i, _join(path, i)) for i in range(len(value)))
    return root[0]


def _join(path: str, part: object) -> str:
    return f"{path}.{part}" if path else str(part)
