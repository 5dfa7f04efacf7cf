"""``indicator list``: the registered indicators; ``indicator values CODE YEAR``: an alliance's indicator
table for a year (the system's value beside the recorded one); ``indicator record CODE YEAR --as USER``:
record the system's values as the alliance's secretariat. ``--json`` everywhere. The operator reads
everything (``SystemViewer``); a record acts as the ``--as`` user. Exit status 1 on a refusal, with the
reason."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.core.indicators import indicators
from itisa.indicators.selectors import indicator_document, indicator_table, row_document, table_year
from itisa.indicators.services import indicator_values_record
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = (
        "Yearly indicators of alliances (Art. 9, 11, 12): list, values CODE YEAR, record CODE YEAR --as USER."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="The registered indicators in table order.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        for name, text in (("values", "An alliance's indicators for a year: system and recorded values."),
                           ("record", "Record the system's values that changed (write-once rows).")):  # fmt: skip
            p = sub.add_parser(name, help=text)
            p.add_argument("code", help="Alliance short code, e.g. CSA.")
            p.add_argument("year", type=int, help="The calendar year, e.g. 2025.")
            if name == "record":
                p.add_argument(
                    "--as", dest="username", required=True, help="Your username (the secretariat)."
                )
            p.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        docs = [indicator_document(i) for i in indicators()]
        if options["json"]:
            self.stdout.write(to_json(docs))
            return
        headers = [_("Code"), _("Name"), _("Unit"), _("Dimension"), _("Self-reported")]
        rows = [[d["code"], d["name_zh"], d["unit"], d["dimension"], _("yes") if d["self_reported"] else ""]
                for d in docs]  # fmt: skip
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _year(self, year: int) -> int:
        try:
            return table_year(year, timezone.localdate())
        except DomainError as exc:
            raise CommandError(error_text(exc), returncode=1) from exc

    def _values(self, options: dict[str, Any]) -> None:
        alliance = command_alliance(options["code"], viewer=SystemViewer())
        year = self._year(options["year"])
        docs = [row_document(r) for r in indicator_table(alliance.pk, year)]
        if options["json"]:
            self.stdout.write(to_json({"alliance": alliance.code, "year": year, "rows": docs}))
            return
        headers = [_("Code"), _("Name"), _("System value"), _("Recorded value"), _("Source"), _("Evidence")]
        rows = [[d["code"], d["name_zh"], d["system"] or "—", (d["recorded"] or {}).get("value", "—"),
                 (d["recorded"] or {}).get("source", ""), (d["recorded"] or {}).get("evidence", "")]
                for d in docs]  # fmt: skip
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _record(self, options: dict[str, Any]) -> None:
        alliance = command_alliance(options["code"])
        year = self._year(options["year"])
        try:
            written = indicator_values_record(
                alliance=alliance, year=year, by=acting_user(options["username"])
            )
        except DomainError as exc:
            raise CommandError(error_text(exc), returncode=1) from exc
        doc = {"alliance": alliance.code, "year": year, "written": written}
        self.stdout.write(
            to_json(doc)
            if options["json"]
            else _("%(written)d values recorded for %(alliance)s %(year)s.") % doc
        )
