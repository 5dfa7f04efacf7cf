"""How the API reads what a client sends: strictly, before any endpoint sees it.

- ``StrictParser`` (the NinjaAPI's parser) reads JSON bodies with ``core.strict_json.loads_strict``:
  a key given twice, NaN/Infinity, NUL and lone surrogates are a 422 naming the place
  (``postings.0.memo``), not a silently chosen value or a database error. Query strings and form
  fields are checked for NUL the same way.
- ``refuse_bad_values`` (an operation decorator on every endpoint) looks at the parsed arguments once
  more — path, query, body and form alike — for text that cannot be stored and dates outside
  ``core.values``' bounds.
Amounts stay strings in the schemas; the services parse them with ``core.values.parse_amount``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from itisa.core.errors import DomainError
from itisa.core.strict_json import JSONRefused, loads_strict
from itisa.core.values import text_problem, value_problems


class StrictParser(Parser):
    """Ninja's parser with the strict JSON loader and text checks on query strings and form fields."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return loads_strict(request.body)
        except JSONRefused as exc:
            # ninja turns any parse failure into a 400 "Cannot parse request body"; the error handler
            # finds this DomainError as its cause and answers with it instead (422)
            raise DomainError(exc.message, fields={exc.path or "__all__": [exc.message]}) from exc

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        fields: dict[str, list[str]] = {}
        for key, values in data.lists():
            for value in values:
                problem = text_problem(value) if isinstance(value, str) else None
                if problem:
                    fields.setdefault(key, []).append(problem)
        if fields:
            raise DomainError(next(iter(fields.values()))[0], fields=fields)
        return super().parse_querydict(data, list_fields, request)


def refuse_bad_values(operation: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (422) an endpoint call whose parsed arguments hold unstorable text or an absurd date."""

    @wraps(operation)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        problems: dict[str, list[str]] = {}
        for name, value in kwargs.items():
            # a body or query schema's fields are named on their own (``date``, not ``payload.date``),
            # as in ninja's own validation errors
            for path, messages in value_problems(value, "" if _is_schema(value) else name).items():
                problems.setdefault(path, []).extend(messages)
        if problems:
            raise DomainError(_("Please correct the errors below."), fields=problems)
        return operation(request, *args, **kwargs)

    return wrapper


def _is_schema(value: object) -> bool:
    from pydantic import BaseModel

    return isinstance(value, BaseModel)
