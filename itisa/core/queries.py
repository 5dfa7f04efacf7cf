"""Reading rows without paying the ORM's per-call costs twice: one fetch, and SQL compiled once per shape.

Django builds and compiles a queryset's SQL every time it is evaluated, then reads the rows in chunks of
100 through its iterables. For a read that runs on every request (an API detail by code) building and
compiling cost ten times the query itself (0.5 ms against 0.04 ms on SQLite); for a read of 300,000 rows
the chunked iteration costs a third more than one ``fetchall`` (issue 19, ``bench/ratios.py`` P1 and P2).

- ``fetch_rows(queryset)``: the rows of a ``values_list`` queryset, as ``list(queryset)`` returns them
  (through the same converters: dates and times on SQLite), read with one ``fetchall``.
- ``Prepared(build)``: ``build(*values)`` returns a ``values_list`` queryset; it is built and compiled once per
  *shape* of the values (which values are flags, how long each sequence is) with marker values in place of
  the caller's, the place of each marker among the SQL parameters is noted, and each call runs that SQL with
  the caller's values in those places. The SQL is the ORM's own, so a scoping filter written once as a ``Q``
  stays its only definition. Values compared as they are (``=``, ``IN``, ``>``) are bound this way; a
  shape with a value the ORM rewrites (``icontains`` wraps it in ``%``) is read through the ORM.
- ``KeysetRecords``: what a selector hands the API's cursor pagination when it reads a list this way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.query import ValuesListIterable

# Markers stand for the caller's values while a shape is compiled. Integers stay within a 32-bit column's
# range (an out-of-range integer lookup compiles to "always false" and its parameter would vanish).
_INT_MARK = -1_000_000_000
_STR_MARK = "\x00prepared-value-{}\x00"


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    params: tuple[Any, ...]
    places: tuple[tuple[int, int, int], ...]  # (parameter index, argument index, element index or -1)
    converters: dict[int, tuple[list[Any], Any]]


def _apply_converters(alias: str, rows: list[Any], converters: dict[int, tuple[list[Any], Any]]) -> list[Any]:
    if not converters:
        return rows
    connection = connections[alias]
    out = []
    for row in rows:
        row = list(row)
        for pos, (functions, expression) in converters.items():
            value = row[pos]
            for function in functions:
                value = function(value, expression, connection)
            row[pos] = value
        out.append(tuple(row))
    return out


def _compile(queryset: QuerySet[Any]) -> tuple[str, str, tuple[Any, ...], dict[int, tuple[list[Any], Any]]]:
    if queryset._iterable_class is not ValuesListIterable or queryset.query.annotations:
        raise TypeError("fetch_rows and Prepared read values_list() querysets of plain fields")
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    return queryset.db, sql, tuple(params), compiler.get_converters(fields)


def _run(alias: str, sql: str, params: Sequence[Any], converters: dict[int, Any]) -> list[Any]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _apply_converters(alias, rows, converters)


def fetch_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset (``list(queryset)``), read with one ``fetchall``."""
    try:
        alias, sql, params, converters = _compile(queryset)
    except EmptyResultSet:
        return []
    return _run(alias, sql, params, converters)


def _shape(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str | int):
        return type(value)
    if isinstance(value, tuple):
        return (len(value), *(_shape(v) for v in value))
    # dates and times are adapted to text on SQLite when compiled, so they could not be found again
    raise TypeError(f"Prepared binds None, booleans, text, integers and tuples of them, not {value!r}")


_BY_ORM = object()  # a shape whose values the ORM rewrites or checks: read through the ORM each time


class Prepared:
    """A ``values_list`` read compiled once per shape of its values, run with the caller's values.

    ``build(*fixed, *values)`` must use the values only in lookups, never in Python conditions (a marker is
    always truthy): pass None for an absent value. ``fixed`` values (a LIMIT) are passed as they are and
    are part of the shape. A shape the ORM cannot compile with markers (a lookup that rewrites or converts
    the value: ``icontains``, text for an integer column) is read through the ORM each time, so the
    answer, and any error, is always the ORM's.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]], *, shapes: int = 256) -> None:
        self._build = build
        self._shapes = shapes
        self._compiled: dict[Any, Any] = {}

    def rows(self, *values: Any, fixed: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """``list(build(*fixed, *values))``, with the SQL compiled the first time this shape is seen."""
        try:
            key = (fixed, *(_shape(v) for v in values))
        except TypeError:
            return fetch_rows(self._build(*fixed, *values))
        try:
            compiled = self._compiled[key]
        except KeyError:
            compiled = self._prepare(fixed, values)
            if len(self._compiled) >= self._shapes:
                self._compiled.clear()  # shapes are few (flags and lengths); never grow without bound
            self._compiled[key] = compiled
        if compiled is None:
            return []
        if compiled is _BY_ORM:
            return fetch_rows(self._build(*fixed, *values))
        params = list(compiled.params)
        for place, arg, element in compiled.places:
            params[place] = values[arg] if element < 0 else values[arg][element]
        return _run(compiled.alias, compiled.sql, params, compiled.converters)

    def is_prepared(self, *values: Any, fixed: tuple[Any, ...] = ()) -> bool:
        """Whether this shape runs prepared SQL (for tests: a read meant to be prepared stays so)."""
        compiled = self._compiled.get((fixed, *(_shape(v) for v in values)), _BY_ORM)
        return compiled is not _BY_ORM

    def _prepare(self, fixed: tuple[Any, ...], values: Sequence[Any]) -> Any:
        counter = iter(range(1_000_000))
        marks: dict[Any, tuple[int, int]] = {}

        def mark(value: Any, arg: int, element: int) -> Any:
            if value is None or isinstance(value, bool):
                return value
            n = next(counter)
            marker: Any = _STR_MARK.format(n) if isinstance(value, str) else _INT_MARK - n
            marks[marker] = (arg, element)
            return marker

        marked = [
            tuple(mark(v, i, j) for j, v in enumerate(value))
            if isinstance(value, tuple)
            else mark(value, i, -1)
            for i, value in enumerate(values)
        ]
        try:
            alias, sql, params, converters = _compile(self._build(*fixed, *marked))
        except EmptyResultSet:
            return None
        except (ValueError, TypeError, ValidationError):
            return _BY_ORM
        places = []
        found = set()
        for place, param in enumerate(params):
            if isinstance(param, str | int) and not isinstance(param, bool) and param in marks:
                places.append((place, *marks[param]))
                found.add(param)
        if len(found) < len(marks):
            return _BY_ORM  # a lookup rewrote a value (``icontains`` wraps it in %)
        return _Compiled(alias, sql, params, tuple(places), converters)


def keyset_after(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in ``order`` (lexicographic comparison; ``-field`` descends)."""
    condition = Q()
    for i, field in enumerate(order):
        name = field.lstrip("-")
        step = Q(**{f"{order[j].lstrip('-')}": values[j] for j in range(i)})
        step &= Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[i]})
        condition = step if i == 0 else condition | step
    return condition


@dataclass(frozen=True)
class KeysetRecords:
    """A list a selector reads page by page as records (dicts), for the API's cursor pagination.

    What a selector returns instead of a queryset when it reads the list with a ``Prepared`` query:
    ``order`` names the record keys the list is sorted by (the last one unique, ``-`` for descending) and
    ``fetch(after, limit)`` returns up to ``limit`` records after those keys' values (None: from the start).
    """

    order: tuple[str, ...]
    fetch: Callable[[tuple[Any, ...] | None, int], list[dict[str, Any]]]
