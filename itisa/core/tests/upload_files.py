"""Hostile uploads the import tests share (``core.imports.read_xlsx`` refuses each): a workbook holding a
formula, and a zip bomb."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook


def with_formula(header: Sequence[Any], row: Sequence[Any], cell: str, formula: str) -> bytes:
    """A one-sheet workbook: ``header``, then ``row`` with ``formula`` written in ``cell`` (e.g. "B2")."""
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    ws.append(list(row))
    ws[cell] = formula
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A small zip whose one member unpacks to 51 MB (more than ``core.imports.MAX_UNPACKED``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"\0" * (51 * 1024 * 1024))
    return buffer.getvalue()
