"""Spreadsheet downloads for lists people print or file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Text starting with these is read as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download: ``data`` served as ``filename`` (ASCII names only: codes and version labels)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spreadsheet_safe(value: Any) -> Any:
    """User-entered text never becomes a formula: a leading formula character is escaped with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# A column of an export: a (translatable) header and the cell value of one row.
Column = tuple[Any, Callable[[Any], Any]]


def xlsx_response(filename: str, title: str, columns: list[Column], objects: Iterable[Any]) -> HttpResponse:
    """A one-sheet Excel workbook, a header row then a row per object, as a download named ``filename``."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([str(header) for header, _value in columns])
    for obj in objects:
        ws.append([spreadsheet_safe(value(obj)) for _header, value in columns])
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
