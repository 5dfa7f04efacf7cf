"""The ``template`` and ``import`` subcommands every command with an Excel import shares.

``<command> template -o FILE`` writes the import's template; ``<command> import [CODE] FILE --as USER
[--preview] [--json]`` imports every row of a filled-in template or none (exit 1 with the refused rows),
or with ``--preview`` lists every row with what is wrong and writes nothing. Lives in ``accounts`` (the
lowest layer that has commands) so that registry and membership commands can use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from itisa.accounts.management.output import command_actor, to_json
from itisa.core.errors import DomainError
from itisa.core.imports import ImportRow, row_label

if TYPE_CHECKING:
    from itisa.accounts.models import User


def add_import_parsers(sub: Any, *, what: str, alliance: bool = False) -> None:
    """The ``template`` and ``import`` subparsers (``alliance``: the import names an alliance first)."""
    template = sub.add_parser("template", help=f"Write the Excel template of the {what} import.")
    template.add_argument("-o", "--output", required=True, help="File to write (.xlsx).")
    imp = sub.add_parser("import", help=f"Import every row of a filled-in {what} template, or none.")
    if alliance:
        imp.add_argument("code", help="Alliance short code, e.g. CSA.")
    imp.add_argument("file", help="The filled-in template (.xlsx).")
    imp.add_argument("--as", dest="username", required=True, help="Your username.")
    imp.add_argument("--preview", action="store_true", help="List every row and its problems; write nothing.")
    imp.add_argument("--json", action="store_true", help="Print JSON.")


def write_template(command: BaseCommand, options: dict[str, Any], workbook: bytes) -> None:
    """``template -o FILE`` (the command's own method makes the workbook: every maker of a workbook is
    listed in tests/test_spreadsheet_exports.py, and commands' are not downloads)."""
    Path(options["output"]).write_bytes(workbook)
    command.stdout.write(_("Wrote %(file)s.") % {"file": options["output"]})


def import_user(options: dict[str, Any]) -> User:
    """The user an import acts as (``--as``, required)."""
    user = command_actor(options["username"])
    if user is None:
        raise CommandError(_("Name the user the import acts as: --as USER."))
    return user


def read_upload(options: dict[str, Any], max_bytes: int) -> bytes:
    """The file named on the command line, read up to one byte past ``max_bytes`` (so a larger one is
    refused by the reader, not truncated)."""
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("No file %(file)s.") % {"file": path})
    with path.open("rb") as fh:
        return fh.read(max_bytes + 1)


def run_import(
    command: BaseCommand, options: dict[str, Any], *, preview: Callable[[], list[ImportRow]],
    run: Callable[[], list[Any]], key: Callable[[Any], str], done: str,
    line: Callable[[Any], str] | None = None,
) -> None:  # fmt: skip
    """``import``: the preview (``--preview``) or the import; ``key`` names what was created, ``done``
    is the message with ``%(n)s``; ``line``, if given, describes each created thing on a ``[i/n]`` line."""
    try:
        if options["preview"]:
            rows = preview()
            refused = {row_label(r.number): r.problems for r in rows if r.problems}
            if options["json"]:
                command.stdout.write(to_json({"rows": [{"row": r.number, "values": r.values or r.shown,
                                                       "problems": r.problems} for r in rows],
                                              "refused": len(refused)}))  # fmt: skip
            else:
                for r in rows:
                    command.stdout.write(f"{row_label(r.number)}: " + ("; ".join(r.problems) or _("OK")))
            if refused:
                raise CommandError(_("%(n)s rows are refused.") % {"n": len(refused)}, returncode=1)
            return
        created = run()
    except DomainError as exc:
        if options["json"]:
            command.stdout.write(to_json({"imported": 0, "message": exc.message, "refused": exc.fields}))
        details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.fields.items())
        raise CommandError(f"{exc.message} {details}".strip(), returncode=1) from exc
    if options["json"]:
        command.stdout.write(to_json({"imported": len(created), "keys": [key(c) for c in created]}))
        return
    if line is not None:
        for i, obj in enumerate(created, start=1):
            command.stdout.write(f"[{i}/{len(created)}] {line(obj)}")
    command.stdout.write(done % {"n": len(created)})
