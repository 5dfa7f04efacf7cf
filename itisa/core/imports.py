"""Reading a spreadsheet someone uploaded: the one place that opens an .xlsx it did not write.

The file is treated as hostile. It must be small (``max_bytes``) and a real .xlsx (a zip whose members
unpack to at most ``MAX_UNPACKED`` bytes, so a zip bomb is refused before any XML is parsed, and whose
content types declare a plain workbook: not another OOXML package, a macro-enabled workbook or a template);
reading stops after ``MAX_EMPTY_ROWS`` empty rows in a row; openpyxl
reads it in read-only mode with ``data_only`` (a formula is never evaluated: its cached value or
nothing is read) and with defusedxml installed (no entity expansion, no external entities); at most
``max_rows`` data rows of ``max_columns`` columns are read. Cells come back as text, stripped, or as
dates; numbers as their exact text (a float cell becomes the shortest decimal text that reads back to
it), so the caller parses them with ``core.values`` like any other input. ``refuse_formulas`` goes further
and refuses a sheet holding any formula cell at all (the imports with a preview: what the preview shows
must be what the file says, not a cached value some program computed).

Below the reader, the pieces every import of a template shares: ``Column`` and ``template_sheets`` (a
sheet to fill in and one explaining each column; ``bilingual`` headers name each column in Chinese and
English and either name, or the code, is accepted back), ``read_template`` (the reader plus the header
check), ``parse_date``, and ``write_rows``: every row through the domain's service in one transaction,
each in its own savepoint so one refused row does not hide the next one's reasons, rolled back whole
when any row is refused or when it is only a preview (``dry_run``). Nothing is ever half-imported.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itisa.core.errors import DomainError, ErrorCode, PermissionDenied
from itisa.core.exports import Sheet

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
    header_row: int = 1, max_empty_rows: int = MAX_EMPTY_ROWS, refuse_formulas: bool = False,
) -> SheetRows:  # fmt: skip
    """The first worksheet's header (row ``header_row``) and its non-empty data rows below it, or a
    ``DomainError`` saying why the file is refused. Reading stops after ``max_empty_rows`` empty rows in a
    row (what follows is ignored). ``refuse_formulas``: a formula cell anywhere refuses the file (naming
    its cell)."""
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
        # refusing formulas needs to see them: without data_only a formula cell says it is one (and is
        # still never evaluated); otherwise only its cached value is read
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=not refuse_formulas)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file; all mean the same
        raise DomainError(_("Not an Excel workbook (.xlsx).")) from exc
    try:
        if not workbook.worksheets:
            raise DomainError(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        header: list[str] = []
        rows: list[tuple[int, list[Any]]] = []
        empty = 0
        for number, row in enumerate(sheet.iter_rows(max_col=max_columns), start=1):
            if refuse_formulas:
                _refuse_formula(number, row)
            cells = [_cell(getattr(c, "value", None)) for c in row]
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


def _refuse_formula(number: int, row: Sequence[Any]) -> None:
    from openpyxl.utils import get_column_letter

    for index, cell in enumerate(row, start=1):
        if getattr(cell, "data_type", "") == "f":
            raise DomainError(
                _("Cell %(cell)s holds a formula; write the values themselves (paste as values).")
                % {"cell": f"{get_column_letter(index)}{number}"}
            )


class ImportRefused(DomainError):
    """The file or some of its rows are refused; ``fields`` maps ``row N`` to the reasons."""


class RowsRefused(DomainError):
    """A write that covers several rows (a voucher and its lines) refused: ``rows`` maps each row's number
    in the file to its reasons, so that ``write_rows`` puts them where they belong."""

    def __init__(self, message: str, *, rows: dict[int, list[str]]) -> None:
        super().__init__(message)
        self.rows = rows


@dataclass(frozen=True)
class Column:
    """A column of an import template: its stable code, its translatable name, whether it must be
    filled, what to write in it, and an example value."""

    code: str
    label: Any
    required: bool
    help: Any
    example: str


def bilingual_header(column: Column) -> str:
    """The header cell of a bilingual template: the column's Chinese and English names."""
    with translation.override("zh-hans"):
        zh = str(column.label)
    with translation.override("en"):
        en = str(column.label)
    return f"{zh} / {en}"


def _header_key(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def template_sheets(
    name: str, columns: Sequence[Column], *, bilingual: bool = False, widths: Sequence[int] = (16, 20, 8, 90),
    column_width: int = 22,
) -> list[Sheet]:  # fmt: skip
    """The template: a sheet to fill in (the header row and one example row) and a sheet explaining each
    column. The header is the column codes, or with ``bilingual`` each column's Chinese and English name."""
    header = [bilingual_header(c) if bilingual else c.code for c in columns]
    # "yes" alone is a vote (赞成); that a column is required is a fact (是)
    return [
        Sheet(name=name, header=header, rows=[[c.example for c in columns]],
              widths={i + 1: column_width for i in range(len(columns))}),
        Sheet(name=_("Columns"), header=[_("Column"), _("Name"), _("Required"), _("What to write")],
              rows=[[c.code, c.label, pgettext("fact", "yes") if c.required else "", c.help] for c in columns],
              widths={i + 1: w for i, w in enumerate(widths)}),
    ]  # fmt: skip


@dataclass(frozen=True)
class TemplateRows:
    """The data rows of a filled-in template: each row's number in the file and its cells by column code."""

    rows: list[tuple[int, dict[str, Any]]]


def read_template(
    data: bytes, columns: Sequence[Column], *, max_bytes: int, max_rows: int, bilingual: bool = False,
    refuse_formulas: bool = False, all_required: bool = False,
) -> TemplateRows:  # fmt: skip
    """Read a filled-in template (``read_xlsx``) and check its header: no unknown column, every required
    one (or, with ``all_required``, every one) present. A bilingual template's header cell may be the
    column's code, its Chinese or English name, or both as the template writes them."""
    sheet = read_xlsx(data, max_bytes=max_bytes, max_rows=max_rows, max_columns=len(columns) + 10,
                      refuse_formulas=refuse_formulas)  # fmt: skip
    names = {c.code: c.code for c in columns}
    if bilingual:
        for c in columns:
            names[_header_key(bilingual_header(c))] = c.code
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    names[_header_key(str(c.label))] = c.code
    codes = [names.get(_header_key(h) if bilingual else h, "") if h else "" for h in sheet.header]
    unknown = [h for h, code in zip(sheet.header, codes, strict=True) if h and not code]
    missing = [c.code for c in columns if (c.required or all_required) and c.code not in codes]
    if unknown or missing:
        reasons = [_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)}] if unknown else []
        if missing:
            reasons.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
        raise ImportRefused(_("The header row is not the template's."), fields={"header": reasons})
    if not sheet.rows:
        raise ImportRefused(_("The sheet has no rows to import."))
    index = {code: i for i, code in enumerate(codes) if code}
    return TemplateRows(
        [(number, {code: (values[i] if i < len(values) else "") for code, i in index.items()})
         for number, values in sheet.rows]
    )  # fmt: skip


def parse_date(value: Any, column: str, problems: list[str]) -> dt.date | None:
    """A date cell or ``YYYY-MM-DD`` text; an empty cell is ``None``; anything else adds a problem."""
    if value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    problems.append(_("%(column)s: write the date as YYYY-MM-DD.") % {"column": column})
    return None


def missing_required(columns: list[Column], cells: dict[str, Any]) -> list[str]:
    """``Name: required.`` for each required column left empty in a row (named by its label)."""
    return [
        _("%(column)s: required.") % {"column": c.label}
        for c in columns
        if c.required and str(cells.get(c.code, "")).strip() == ""
    ]


def column_problem(column: Any, message: str) -> str:
    """A reason about one column: ``Debit amount: …`` (借方金额：…)."""
    return _("%(column)s: %(message)s") % {"column": column, "message": message}


def refusal(exc: DomainError, labels: dict[str, Any] | None = None) -> list[str]:
    """A service's refusal as lines ``field: message`` (the field named by ``labels`` where given)."""
    if not exc.fields:
        return [exc.message]
    labels = labels or {}
    return [column_problem(labels.get(f, f), m) for f, messages in exc.fields.items() for m in messages]


def row_label(number: int) -> str:
    """How a row is named in the reasons: its number in the file, the header being row 1."""
    return _("row %(n)s") % {"n": number}


@dataclass
class ImportRow:
    """One data row of an upload: its number in the file, the values read (as shown in the preview),
    what is wrong with it, the typed input for the service, what the service returned, and the values
    read as codes (for the API; ``shown`` names a choice, ``values`` gives its code)."""

    number: int
    shown: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    data: Any = None
    done: Any = None
    values: dict[str, Any] = field(default_factory=dict)


def write_rows(
    rows: Sequence[ImportRow], write: Callable[[Any], Any], *, dry_run: bool,
    labels: dict[str, Any] | None = None,
) -> bool:  # fmt: skip
    """Call ``write`` with each row's input in one transaction; a ``DomainError`` becomes the row's
    problems (a ``PermissionDenied`` stops everything; a ``RowsRefused`` gives each row it names its
    reasons). A row without input is written with another (a voucher's later lines, with its first).
    Rolled back whole when any row has a problem or with ``dry_run`` (a preview: every check the services
    make, nothing kept). Returns whether the rows were kept."""
    numbered = {row.number: row for row in rows}
    with transaction.atomic():
        for row in rows:
            if row.problems or row.data is None:
                continue
            try:
                with transaction.atomic():
                    row.done = write(row.data)
            except PermissionDenied:
                raise
            except RowsRefused as exc:
                for number, reasons in exc.rows.items():
                    numbered[number].problems.extend(reasons)
            except DomainError as exc:
                row.problems = refusal(exc, labels)
        if dry_run or any(row.problems for row in rows):
            transaction.set_rollback(True)
            return False
    return True


def raise_refused(rows: Sequence[ImportRow]) -> None:
    """``ImportRefused`` listing every row with a problem, if there is one."""
    refused = {row_label(r.number): r.problems for r in rows if r.problems}
    if refused:
        raise ImportRefused(
            _("%(refused)s of %(rows)s rows are refused; nothing was imported.")
            % {"refused": len(refused), "rows": len(rows)},
            fields=refused,
        )


def choice_lookup(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """Every way a choice may be written (its code, its Chinese or English name, any case) -> its code."""
    lookup: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            lookup.update({str(label).strip().casefold(): code for code, label in choices})
    lookup.update({code.casefold(): code for code, _label in choices})
    return lookup


def parse_choice(value: Any, lookup: dict[str, str], column: Any, problems: list[str]) -> str:
    """A choice written as ``choice_lookup`` allows; an empty cell is ""; anything else adds a problem
    naming the column."""
    text = str(value).strip()
    if text == "":
        return ""
    code = lookup.get(text.casefold())
    if code is None:
        problems.append(
            _("%(column)s: %(value)s is not one of the choices.") % {"column": column, "value": text}
        )
        return ""
    return code
