"""``expert template -o FILE``: the template of the expert-pool import; ``expert import FILE --as USER
[--preview] [--json]``: add every row of a filled-in template to the national office's expert pool, or
none (exit 1 with the refused rows), telling on stderr how many rows are added so far."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.imports import (
    add_import_parsers,
    import_user,
    read_upload,
    run_import,
    write_template,
)
from itisa.core.exports import workbook_bytes
from itisa.pilots import imports


class Command(BaseCommand):
    help = "The pilot program's expert pool: the Excel import template and the import."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add_import_parsers(sub, what="expert")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            write_template(self, options, workbook_bytes(imports.template_sheets()))
            return
        by, upload = import_user(options), read_upload(options, imports.MAX_BYTES)

        def progress(done: int, total: int) -> None:
            self.stderr.write(_("%(done)s of %(total)s rows done") % {"done": done, "total": total})

        run_import(
            self, options, preview=lambda: imports.experts_preview(by=by, data=upload),
            run=lambda: imports.experts_import(by=by, data=upload, progress=progress),
            key=lambda e: e.user.username, done=_("%(n)s experts are in the pool."),
        )  # fmt: skip
