"""Reading a spreadsheet someone uploaded: the one place that opens an .xlsx it did not write.

The file is treated as hostile. It must be small (``max_bytes``) and a real .xlsx (a zip whose members
unpack to at most ``MAX_UNPACKED`` bytes, so a zip bomb is refused before any XML is parsed, and whose
content types declare a plain workbook: not another OOXML package, a macro-enabled workbook or a template);
reading stops after ``MAX_EMPTY_ROWS`` empty rows in a row; openpyxl
reads it in read-only mode with ``data_only`` (a formula is never evaluated: its cached value or
nothing is read) and with defusedxml installed (no entity expansion, no external entities); at most
``max_rows`` data rows of ``max_columns`` columns are read. Cells come back as text, stripped, or as
dates; numbers as their exact text (a float cell becomes the shortest decimal text that reads back to
it), so the caller parses them with ``core.values`` like any other input.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _

from itisa.core.errors import DomainError, ErrorCode

MAX_UNPACKED = 50 * 1024 * 1024
# the content type of a plain workbook's main part ([Content_Types].xml); .xlsm and .xltx differ
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# reading stops after this many empty rows in a row: a sheet whose dimension claims a million rows is
# not walked to its end
MAX_EMPTY_ROWS = 1000


@dataclass(frozen=True)
class SheetRows:
    """The header row (text) and the data rows, each with its 1-based row number in the file."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_xlsx(
    data: bytes, *, max_bytes: int = 5 * 1024 * 1024, max_rows: int = 5000, max_columns: int = 40,
    header_row: int = 1, max_empty_rows: int = MAX_EMPTY_ROWS,
) -> SheetRows:  # fmt: skip
    """The first worksheet's header (row ``header_row``) and its non-empty data rows below it, or a
    ``DomainError`` saying why the file is refused. Reading stops after ``max_empty_rows`` empty rows in a
    row (what follows is ignored)."""
    if len(data) > max_bytes:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code=ErrorCode.TOO_LARGE,
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise DomainError(_("The workbook unpacks to too much data."), code=ErrorCode.TOO_LARGE)
            types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in archive.namelist() else b""
            )
    except zipfile.BadZipFile as exc:
        raise DomainError(_("Not an Excel workbook (.xlsx).")) from exc
    if XLSX_MAIN.encode() not in types:
        # another OOXML package (.docx, .pptx), a macro-enabled or template workbook, or any other zip
        raise DomainError(_("Not an Excel workbook (.xlsx)."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file; all mean the same
        raise DomainError(_("Not an Excel workbook (.xlsx).")) from exc
    try:
        if not workbook.worksheets:
            raise DomainError(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        header: list[str] = []
        rows: list[tuple[int, list[Any]]] = []
        empty = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=max_columns), start=1):
            cells = [_cell(v) for v in values]
            while cells and cells[-1] == "":
                cells.pop()  # read-only sheets pad every row to the widest one
            if number < header_row:
                continue
            if number == header_row:
                header = [str(c) for c in cells]
                continue
            if not any(c != "" for c in cells):
                empty += 1
                if empty >= max_empty_rows:
                    break
                continue
            empty = 0
            if len(rows) >= max_rows:
                raise DomainError(
                    _("The sheet has more than %(rows)s rows; split it into several files.")
                    % {"rows": max_rows},
                    code=ErrorCode.TOO_LARGE,
                )
            rows.append((number, cells))
    finally:
        workbook.close()
    return SheetRows(header, rows)
