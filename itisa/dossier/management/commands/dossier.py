"""``dossier validate|import|export|schema``: exchange alliance dossiers as JSON files (docs/dossier.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.core.strict_json import JSONRefused, loads_strict
from itisa.dossier.base import json_path
from itisa.dossier.schemas import Problem, dossier_json_schema
from itisa.dossier.services import (
    dossier_export_json,
    dossier_import,
    dossier_validate,
    import_kinds,
)
from itisa.registry.management.access import command_alliance

MAX_BYTES = 20 * 1024 * 1024


def read_dossier_file(name: str) -> Any:
    """Read an untrusted file: size-limited, UTF-8, strict JSON (``core.strict_json``: no key twice, no
    NaN, NUL or lone surrogate); errors name the line and column, or the JSON path."""
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CommandError(
                _("%(file)s is larger than %(limit)d MB.")
                % {"file": name, "limit": MAX_BYTES // (1024 * 1024)}
            )
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(file)s: %(error)s") % {"file": name, "error": exc.strerror}
        ) from exc
    if len(raw) > MAX_BYTES:
        raise CommandError(
            _("%(file)s is larger than %(limit)d MB.") % {"file": name, "limit": MAX_BYTES // 1048576}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(_("%(file)s is not UTF-8 text.") % {"file": name}) from exc
    try:
        return loads_strict(text)
    except JSONRefused as exc:
        # a key given twice, NaN, NUL or a lone surrogate: refused with the place, never guessed at
        raise CommandError(
            _("%(file)s is refused at %(path)s: %(error)s")
            % {"file": name, "path": json_path(exc.loc), "error": exc.message}
        ) from exc
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("%(file)s is not valid JSON: %(error)s at line %(line)d, column %(column)d.")
            % {"file": name, "error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from exc
    except RecursionError as exc:
        raise CommandError(_("%(file)s is nested too deeply.") % {"file": name}) from exc


class Command(BaseCommand):
    help = "Validate, import and export alliance dossiers; print the dossier JSON Schema."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="List every problem of a dossier file, or print OK.")
        validate.add_argument("file", help="Path of a dossier JSON file.")
        imp = sub.add_parser("import", help="Import a dossier file, all or nothing; prints what changed.")
        imp.add_argument("file", help="Path of a dossier JSON file.")
        export = sub.add_parser("export", help="Write the dossier of one alliance.")
        export.add_argument("code", help="Short code of the alliance, e.g. CSA.")
        export.add_argument(
            "--output", "-o", default="", help="Write to this file instead of standard output."
        )
        sub.add_parser("schema", help="Print the JSON Schema of the dossier format.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "validate":
            self._validate(options["file"])
        elif action == "import":
            self._import(options["file"])
        elif action == "export":
            self._export(options["code"], options["output"])
        else:
            self.stdout.write(json.dumps(dossier_json_schema(), ensure_ascii=False, sort_keys=True, indent=2))

    def _fail(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(_("%(count)d problem(s); nothing was written.") % {"count": len(problems)})

    def _validate(self, name: str) -> None:
        problems = dossier_validate(read_dossier_file(name))
        if problems:
            for problem in problems:
                self.stdout.write(str(problem))
            raise CommandError(_("%(count)d problem(s).") % {"count": len(problems)})
        self.stdout.write("OK")

    def _import(self, name: str) -> None:
        result = dossier_import(read_dossier_file(name), by=None)
        if not result.ok:
            self._fail(result.problems)
        for kind in import_kinds():
            self.stdout.write(
                _("%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "kind": kind,
                    "created": result.created[kind],
                    "updated": result.updated[kind],
                    "unchanged": result.unchanged[kind],
                }
            )

    def _export(self, code: str, output: str) -> None:
        alliance = command_alliance(code)
        # the operator at the command line sees everything, expert reviews included
        data = dossier_export_json(alliance, include_restricted=True)
        if output:
            Path(output).write_bytes(data)
            return
        self.stdout.write(data.decode(), ending="")
