"""What an API operation may answer besides success, declared once per route for the OpenAPI document.

Every route lists the refusals it can actually give::

    @router.post("/bodies/{body_id}/rules", response={201: RulesOut, **errors(401, 403, 404, 409, 422)})

All of them have one body, :class:`ErrorOut` (see ``itisa.api.errors`` for the status of each code).
Which statuses a route can give: 401 on every route (a wrong or revoked token, and a refusal to a client
that sent no credentials); 422 when it takes any parameter or body (ninja's validation, ``api.inputs``);
404 when its path names an object; 400 (not JSON) and 413 (over the size limit) when it takes a body;
403 and 413 on every write (a session's CSRF check, the size limit); and what its service raises
(403 permission, 404, 409 conflict or invalid transition, 422). ``tests/api_statuses.py`` fails any test
that provokes an undeclared one; ``itisa/api/tests/test_openapi.py`` checks the rules above.

A file download declares ``response={200: None, **errors(...)}, openapi_extra=download("application/pdf")``.
Domain apps import this from ``core`` because they may not import ``itisa.api`` (layers).
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

from itisa.core.errors import ErrorCode


class ErrorOut(Schema):
    """The error shape every endpoint answers with when it refuses."""

    code: ErrorCode
    message: str
    fields: dict[str, list[str]]


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``errors(401, 404)`` → ``{401: ErrorOut, 404: ErrorOut}``, to spread into ``response={...}``."""
    bad = [s for s in statuses if not 400 <= s < 600]
    if bad:
        raise ValueError(f"not error statuses: {bad}")
    return {s: ErrorOut for s in statuses}


def download(media_type: str) -> dict[str, Any]:
    """``openapi_extra`` for an operation answering a file: its 200 carries ``media_type`` bytes."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": "OK", "content": {media_type: binary}}}}


class RecordSchema(Schema):
    """An output schema that also validates a selector's record: a dict holding every field, already resolved.

    ninja wraps whatever an output schema validates in a getter that looks each field up through the schema's
    resolvers (a fifth of a plain list endpoint's time, issue 19). A dict of plain values needs no lookup:
    pydantic validates it as it is, with the same type checks on every field, and a missing field is still
    an error. Model instances still go through ninja's getter and resolvers.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if type(values) is dict:
            return handler(values)
        return Schema._run_root_validator.__func__(cls, values, handler, info)  # type: ignore[attr-defined]


class ImportRowOut(Schema):
    """A row of an import's preview: its number in the file, the values read and what is wrong."""

    row: int
    values: dict[str, Any]
    problems: list[str]


class ImportPreviewOut(Schema):
    """An import's preview: every row; ``refused`` counts the rows with problems (none: it may be
    imported as it is)."""

    rows: list[ImportRowOut]
    refused: int


class ImportedOut(Schema):
    """What an import registered: how many rows, and the codes (credit codes, result codes) of each."""

    imported: int
    codes: list[str]


def import_preview(rows: list[Any]) -> dict[str, Any]:
    """``ImportPreviewOut`` of ``core.imports.ImportRow``s."""
    return {
        "rows": [{"row": r.number, "values": r.values or r.shown, "problems": r.problems} for r in rows],
        "refused": sum(1 for r in rows if r.problems),
    }
