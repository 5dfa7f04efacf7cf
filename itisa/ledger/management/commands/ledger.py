"""``ledger chart-load FILE``, ``ledger check [CODE]``, ``ledger trial-balance CODE``, ``ledger export CODE``,
``ledger template -o FILE`` (the journal entry import's template) and ``ledger import CODE FILE --as USER
[--preview]`` (every voucher of a filled-in template as a draft entry, or none: exit 1 with the refused
rows)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.imports import (
    add_import_parsers,
    import_user,
    read_upload,
    run_import,
    write_template,
)
from itisa.accounts.management.output import render_table, to_json
from itisa.core.errors import DomainError
from itisa.core.exports import workbook_bytes
from itisa.ledger import imports
from itisa.ledger.checks import run_checks
from itisa.ledger.exports import beancount_text
from itisa.ledger.models import Book, JournalEntry
from itisa.ledger.permissions import can_keep_books
from itisa.ledger.selectors import access_book, trial_balance
from itisa.ledger.services import chart_load, entry_total
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = "The fund ledger: load a chart of accounts, run the checks, print a trial balance, import entries."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("chart-load", help="Load a chart of accounts from CSV (code,name_zh,…,class).")
        load.add_argument("file", help="CSV file, e.g. itisa/ledger/data/npo-chart-2004.csv")
        load.add_argument("--code", required=True, help="The chart's code, e.g. npo-2004.")
        load.add_argument("--name", required=True, help="The chart's name.")
        check = sub.add_parser("check", help="Run the ledger checks; exit 1 if any problem is found.")
        check.add_argument("code", nargs="?", help="An alliance's short code (all books when omitted).")
        tb = sub.add_parser("trial-balance", help="Debits, credits and balances per account.")
        tb.add_argument("code", help="An alliance's short code.")
        tb.add_argument("--json", action="store_true", help="Print JSON.")
        ex = sub.add_parser("export", help="Export a book (Beancount: bean-check accepts it).")
        ex.add_argument("code", help="An alliance's short code.")
        ex.add_argument("--format", choices=["beancount"], default="beancount")
        ex.add_argument("-o", "--output", required=True, help="The file to write.")
        add_import_parsers(sub, what="journal entry", alliance=True)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _chart_load(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        try:
            chart = chart_load(code=options["code"], name_zh=options["name"], rows=rows, source=path.name)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields or ''}".strip()) from exc
        self.stdout.write(
            _("Loaded %(n)s accounts into %(code)s.") % {"n": chart.accounts.count(), "code": chart.code}
        )

    def _template(self, options: dict[str, Any]) -> None:
        write_template(self, options, workbook_bytes(imports.template_sheets()))

    def _import(self, options: dict[str, Any]) -> None:
        by = import_user(options)
        try:
            book = access_book(by, options["code"], need=can_keep_books)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        upload = read_upload(options, imports.MAX_BYTES)

        def line(entry: JournalEntry) -> str:
            return f"#{entry.pk} {entry.date.isoformat()} {entry.memo} {entry_total(entry):.2f}"

        run_import(
            self, options, preview=lambda: imports.entries_preview(by=by, book=book, data=upload),
            run=lambda: imports.entries_import(by=by, book=book, data=upload), key=lambda e: str(e.pk),
            done=_("%(n)s draft entries are prepared; submit each for approval."), line=line,
        )  # fmt: skip

    def _book(self, code: str) -> Book:
        alliance = command_alliance(code)
        book = Book.objects.select_related("alliance", "chart").filter(alliance=alliance).first()
        if book is None:
            raise CommandError(_("%(code)s keeps no book.") % {"code": code})
        return book

    def _check(self, options: dict[str, Any]) -> None:
        books = (
            [self._book(options["code"])]
            if options.get("code")
            else list(Book.objects.select_related("alliance"))
        )
        found = 0
        for i, book in enumerate(books, 1):
            problems = run_checks(book)
            found += len(problems)
            self.stdout.write(f"[{i}/{len(books)}] {book.alliance.code}: {len(problems)}")
            for problem in problems:
                self.stdout.write(f"  {problem.check}: {problem.message}")
        if found:
            self.stderr.write(_("%(n)s problems found.") % {"n": found})
            sys.exit(1)
        self.stdout.write(_("No problems found."))

    def _trial_balance(self, options: dict[str, Any]) -> None:
        rows = trial_balance(self._book(options["code"]))
        data = [
            {
                "account": r.account.code,
                "name_zh": r.account.name_zh,
                "debit": str(r.debit),
                "credit": str(r.credit),
            }
            for r in rows
        ]
        if options["json"]:
            self.stdout.write(to_json(data))
            return
        table = [[d["account"], d["name_zh"], d["debit"], d["credit"]] for d in data]
        for line in render_table(["account", "name", "debit", "credit"], table):
            self.stdout.write(line)

    def _export(self, options: dict[str, Any]) -> None:
        text = beancount_text(self._book(options["code"]))
        Path(options["output"]).write_text(text, encoding="utf-8")
        self.stdout.write(_("Wrote %(path)s.") % {"path": options["output"]})
