"""``catalogue search QUERY [--kind K --industry I --province P --licensing L --page N] [--json]``: the public
catalogue as anonymous visitors search it; ``catalogue export --format jsonl|csv [-o FILE]``: the open data,
with progress on stderr; ``catalogue reindex``: rebuild the search index from the search rows (after a
restore, say), with progress."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import render_table, to_json
from itisa.core.exports import csv_lines
from itisa.diffusion.choices import Licensing
from itisa.diffusion.models import SearchDoc
from itisa.diffusion.search import Filters, rebuild
from itisa.diffusion.selectors import catalogue_search, item, open_data_rows
from itisa.results.choices import ResultKind

FIELDS = ["id", "alliance", "result", "kind", "title_zh", "title_en", "abstract_zh", "abstract_en", "keywords",
          "number", "owners", "industry", "province", "licensing", "published_at"]  # fmt: skip


class Command(BaseCommand):
    help = "The public results catalogue: search, export (open data), reindex."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        search = sub.add_parser(
            "search", help="Search as the public does (Chinese from one character, English)."
        )
        search.add_argument("query", nargs="?", default="", help="What to look for; empty lists the newest.")
        search.add_argument("--kind", choices=ResultKind.values, default="")
        search.add_argument("--industry", default="", help="GB/T 4754 section letter, e.g. C.")
        search.add_argument("--province", default="", help="GB/T 2260 province code, e.g. 44.")
        search.add_argument("--licensing", choices=Licensing.values, default="")
        search.add_argument("--page", type=int, default=1)
        search.add_argument("--json", action="store_true", help="Print JSON.")
        export = sub.add_parser("export", help="The open data: every published entry.")
        export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        export.add_argument("-o", "--output", default="-", help="File to write (default: standard output).")
        sub.add_parser("reindex", help="Rebuild the search index from the search rows.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _search(self, options: dict[str, Any]) -> None:
        filters = Filters(kind=options["kind"], industry=options["industry"], province=options["province"],
                          licensing=options["licensing"])  # fmt: skip
        found = catalogue_search(options["query"], filters=filters, page=max(options["page"], 1))
        rows = [item(h) for h in found.hits]
        if options["json"]:
            self.stdout.write(to_json({"items": rows, "total": found.total, "capped": found.capped}))
            return
        for line in render_table([_("Entry"), _("Title"), _("Kind"), _("Licensing")],
                                 [[r["id"], r["title_zh"], r["kind"], r["licensing"]] for r in rows]):  # fmt: skip
            self.stdout.write(line)
        total = _("more than %(n)d") % {"n": 1000} if found.capped else str(found.total)
        self.stdout.write(_("%(total)s results") % {"total": total})

    def _export(self, options: dict[str, Any]) -> None:
        to_file = options["output"] != "-"
        out = open(options["output"], "w", encoding="utf-8", newline="") if to_file else sys.stdout  # noqa: SIM115
        total = SearchDoc.objects.count()
        progress = {"done": 0}

        def batches() -> Any:
            after = 0
            while batch := open_data_rows(after=after):
                after = batch[-1][0]
                rows = [row for _seq, row in batch]
                yield rows
                progress["done"] += len(rows)
                self.stderr.write(
                    _("%(done)d of %(total)d entries") % {"done": progress["done"], "total": total}
                )

        try:
            if options["format"] == "csv":
                rows_csv = ([{**r, "owners": ";".join(r["owners"])} for r in rows] for rows in batches())
                for text in csv_lines(FIELDS, rows_csv):
                    out.write(text)
            else:
                for rows in batches():
                    out.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
        finally:
            if out is not sys.stdout:
                out.close()

    def _reindex(self, options: dict[str, Any]) -> None:
        total = SearchDoc.objects.count()
        self.stderr.write(_("Rebuilding the index of %(n)d entries…") % {"n": total})
        rebuild()
        self.stdout.write(_("The search index holds %(n)d entries.") % {"n": total})
