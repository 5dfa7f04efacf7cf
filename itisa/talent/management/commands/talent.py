"""``talent programmes CODE``: an alliance's training programmes; ``talent exchanges CODE``: its staff
exchanges with their duration; ``talent stats CODE [--year YEAR]``: a year's programmes, participants,
exchanges and person-months. ``--json`` everywhere. The operator reads everything (``SystemViewer``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.registry.management.access import command_alliance
from itisa.talent.selectors import (
    exchange_document,
    exchanges_of,
    programme_document,
    programmes_of,
    talent_statistics,
)


class Command(BaseCommand):
    help = "Training programmes and staff exchanges (Art. 5): programmes | exchanges | stats CODE."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("programmes", "An alliance's training programmes, newest first."),
                           ("exchanges", "An alliance's staff exchanges with their duration, newest first."),
                           ("stats", "A year's programmes, participants, exchanges and person-months.")):  # fmt: skip
            p = sub.add_parser(name, help=text)
            p.add_argument("code", help="Alliance short code, e.g. CSA.")
            p.add_argument(
                "--year", type=int, help="Only what runs in this year (stats: this year by default)."
            )
            p.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        getattr(self, f"_{options['action']}")(viewer, alliance, options)

    def _programmes(self, viewer: Any, alliance: Any, options: dict[str, Any]) -> None:
        docs = [programme_document(p) for p in programmes_of(viewer, alliance, year=options["year"])]
        if options["json"]:
            self.stdout.write(to_json(docs))
            return
        headers = [_("Code"), _("Kind"), _("Title"), _("Starts on"), _("Ends on"), _("Participants")]
        rows = [[d["code"], d["kind"], d["title_zh"], d["starts_on"], d["ends_on"],
                 d["actual_participants"] if d["actual_participants"] is not None else d["planned_participants"]]
                for d in docs]  # fmt: skip
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _exchanges(self, viewer: Any, alliance: Any, options: dict[str, Any]) -> None:
        docs = [exchange_document(x) for x in exchanges_of(viewer, alliance, year=options["year"])]
        if options["json"]:
            self.stdout.write(to_json(docs))
            return
        headers = [_("Code"), _("Person"), _("From member"), _("To member"), _("Starts on"), _("Ends on"),
                   _("Person-months")]  # fmt: skip
        rows = [[d["code"], d["person_name"], d["from_org"]["name"], d["to_org"]["name"], d["starts_on"],
                 d["ends_on"], d["person_months"]] for d in docs]  # fmt: skip
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _stats(self, viewer: Any, alliance: Any, options: dict[str, Any]) -> None:
        stats = talent_statistics(alliance, options["year"] or timezone.localdate().year).as_dict()
        if options["json"]:
            self.stdout.write(to_json(stats))
            return
        labels = {"year": _("Year"), "programmes": _("Programmes"), "participants": _("Participants"),
                  "exchanges": _("Exchanges"), "person_months": _("Person-months")}  # fmt: skip
        for line in render_table([_("Figure"), _("Value")], [[labels[k], v] for k, v in stats.items()]):
            self.stdout.write(line)
