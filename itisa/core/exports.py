"""Downloads people print or file: the one Excel writer every workbook of the platform goes through.

``workbook_bytes`` is the only place that builds a workbook (a test checks that openpyxl is imported
nowhere else). It passes every text cell — title rows, headers and data alike — through
``spreadsheet_safe``, so text a user typed ("=HYPERLINK(…)", "+1", "@SUM(…)") is never read as a
formula, and drops the control characters a workbook cannot hold instead of failing on them.
Numbers stay numbers and dates dates, with the number formats of ``core.formats``: a ``Decimal`` is
money shown grouped with two decimals (``#,##0.00``), a date ``yyyy-mm-dd``, a moment in Beijing time
``yyyy-mm-dd hh:mm`` (Excel holds no time zone); a sheet's ``number_formats`` override them by column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from itisa.core.formats import DATE_FORMAT, DATETIME_FORMAT, MONEY_FORMAT

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Text starting with these is read as a formula by spreadsheet programs (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Characters an .xlsx cell cannot hold (XML 1.0 forbids them; openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters a sheet name cannot hold, and its longest length (Excel's rules).
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_NAME_MAX = 31


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


def cell_value(value: Any) -> Any:
    """What a cell holds: text (translated labels too) without illegal characters and never a formula;
    a moment in Beijing time without its zone (Excel holds none); numbers, Decimals, dates and None as
    they are."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return spreadsheet_safe(_ILLEGAL.sub("", value))
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def type_format(value: Any) -> str | None:
    """The number format a cell gets by what it holds: money for a ``Decimal``, a date, a moment."""
    if isinstance(value, Decimal):
        return MONEY_FORMAT
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def sheet_name(name: Any) -> str:
    """A valid worksheet name: no ``[]:*?/\\``, no quote at either end, at most 31 characters."""
    cleaned = _SHEET_NAME_ILLEGAL.sub("", str(name)).strip("'")[:SHEET_NAME_MAX].strip("'")
    return cleaned or "Sheet"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: title rows (an alliance and a period, say), a header row, then the data rows.

    ``number_formats`` maps a 1-based column to an Excel number format for the data rows, over the one
    a cell gets by its type (``type_format``); ``widths`` maps a 1-based column to its width in characters.
    """

    name: Any
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    title: Sequence[Sequence[Any]] = ()
    number_formats: Mapping[int, str] = field(default_factory=dict)
    widths: Mapping[int, float] = field(default_factory=dict)


def _append(ws: Any, values: Iterable[Any]) -> None:
    """A row of ``values`` through ``cell_value``, each cell with the number format of its type."""
    ws.append([cell_value(v) for v in values])
    for cell in ws[ws.max_row]:
        number_format = type_format(cell.value)
        if number_format is not None:
            cell.number_format = number_format


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an .xlsx file, every text cell through ``cell_value`` (no formula, ever)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet_name(sheet.name))
        for line in sheet.title:
            _append(ws, line)
        ws.append([cell_value(v) for v in sheet.header])
        first_data_row = ws.max_row + 1
        for row in sheet.rows:
            _append(ws, row)
        for column, number_format in sheet.number_formats.items():
            for (cell,) in ws.iter_rows(min_row=first_data_row, min_col=column, max_col=column):
                cell.number_format = number_format
        for column, width in sheet.widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_download(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """A workbook of ``sheets`` as a download named ``filename``."""
    return attachment(workbook_bytes(sheets), XLSX_CONTENT_TYPE, filename)


# A column of a one-sheet list: a (translatable) header and the cell value of one row.
Column = tuple[Any, Callable[[Any], Any]]


def column_sheet(
    title: Any,
    columns: Sequence[Column],
    objects: Iterable[Any],
    *,
    number_formats: Mapping[int, str] | None = None,
) -> Sheet:
    """A list as a sheet: a header row of the columns' headers, then a row per object."""
    return Sheet(
        name=title,
        header=[header for header, _value in columns],
        rows=([value(obj) for _header, value in columns] for obj in objects),
        number_formats=number_formats or {},
    )


def xlsx_response(
    filename: str,
    title: Any,
    columns: Sequence[Column],
    objects: Iterable[Any],
    *,
    number_formats: Mapping[int, str] | None = None,
) -> HttpResponse:
    """A one-sheet Excel workbook, a header row then a row per object, as a download named ``filename``."""
    return xlsx_download(filename, [column_sheet(title, columns, objects, number_formats=number_formats)])


def csv_lines(fieldnames: Sequence[str], rows: Iterable[Iterable[Mapping[str, Any]]]) -> Iterable[str]:
    """CSV text (RFC 4180, UTF-8 with the header first) of batches of rows, every text cell through
    ``spreadsheet_safe`` (a cell a spreadsheet would read as a formula gets a leading apostrophe). The one
    CSV writer, for open data; streamed a batch at a time."""
    import csv
    from io import StringIO

    buffer = StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), extrasaction="ignore")
    writer.writeheader()
    for batch in rows:
        for row in batch:
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
