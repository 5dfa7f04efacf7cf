"""Keyset ("cursor") pagination for every list of the API.

``?cursor=<opaque>&limit=<1..100, default 25>`` answers ``{"items": [...], "next_cursor": str | null}``.
The cursor is the URL-safe base64 of the JSON list of the last row's ordering values (the
queryset's ``order_by`` plus ``pk`` as a tie-breaker), so a page starts strictly after the
previous one: rows inserted meanwhile never shift or repeat items, and each page is one query.
Ordering fields must be plain, non-null field paths (``name_zh``, ``-created_at``, ``pk``).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from itisa.core.errors import DomainError
from itisa.core.queries import KeysetRecords, keyset_after

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


def _ordering(queryset: QuerySet[Any]) -> list[str]:
    order: list[str] = []
    for field in list(queryset.query.order_by) or list(queryset.model._meta.ordering):
        if not isinstance(field, str):
            raise TypeError("cursor pagination needs plain field names in order_by")
        order.append(field)
    if not any(field.lstrip("-") in ("pk", "id") for field in order):
        order.append("pk")
    return order


def _value(obj: Any, field: str) -> Any:
    for part in field.lstrip("-").split("__"):
        obj = getattr(obj, part)
    return obj


def encode_cursor(values: list[Any]) -> str:
    """The opaque cursor for a row's ordering values."""
    text = json.dumps(values, cls=DjangoJSONEncoder, ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The ordering values inside a cursor; a malformed cursor is a validation error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise DomainError(
            _("The cursor is not valid."), fields={"cursor": [_("Use the next_cursor of a previous page.")]}
        )
    return values


class CursorPagination(PaginationBase):
    """Keyset pagination: ``cursor`` and ``limit`` in, ``items`` and ``next_cursor`` out."""

    class Input(Schema):
        cursor: str | None = None
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

    class Output(Schema):
        items: list[Any]
        next_cursor: str | None

    def paginate_queryset(
        self, queryset: QuerySet[Any] | KeysetRecords, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        if isinstance(queryset, KeysetRecords):
            return self._paginate_records(queryset, pagination)
        order = _ordering(queryset)
        queryset = queryset.order_by(*order)
        if pagination.cursor:
            values = decode_cursor(pagination.cursor, len(order))
            try:
                queryset = queryset.filter(keyset_after(order, values))
            except (ValueError, TypeError, ValidationError) as exc:
                # Well-formed JSON whose values do not fit the ordering fields (a forged cursor).
                raise DomainError(
                    _("The cursor is not valid."),
                    fields={"cursor": [_("Use the next_cursor of a previous page.")]},
                ) from exc
        rows = list(queryset[: pagination.limit + 1])
        items = rows[: pagination.limit]
        next_cursor = None
        if len(rows) > pagination.limit:
            next_cursor = encode_cursor([_value(items[-1], field) for field in order])
        return {"items": items, "next_cursor": next_cursor}

    def _paginate_records(self, records: KeysetRecords, pagination: Any) -> dict[str, Any]:
        """The same page and cursor from a selector's records (``core.queries.KeysetRecords``)."""
        after = None
        if pagination.cursor:
            after = tuple(decode_cursor(pagination.cursor, len(records.order)))
        try:
            rows = records.fetch(after, pagination.limit + 1)
        except (ValueError, TypeError, ValidationError) as exc:
            raise DomainError(
                _("The cursor is not valid."),
                fields={"cursor": [_("Use the next_cursor of a previous page.")]},
            ) from exc
        items = rows[: pagination.limit]
        next_cursor = None
        if len(rows) > pagination.limit:
            next_cursor = encode_cursor([items[-1][field.lstrip("-")] for field in records.order])
        return {"items": items, "next_cursor": next_cursor}
