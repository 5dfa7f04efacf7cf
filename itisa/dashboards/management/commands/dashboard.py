"""``dashboard show [--as USER] [--year Y] [--indicator CODE] [--top N] [--json]``: the panels of a
viewer's dashboard (``--as``: whose; without it the operator sees every alliance, as the national office).
Exit status 1 when the user follows no alliance, with the reason."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user
from itisa.dashboards.api import panel_out
from itisa.dashboards.panel import dashboard_panels, dashboard_scope, panels, plain
from itisa.dashboards.permissions import can_view_dashboard


class Command(BaseCommand):
    help = "Dashboards of the officers who follow alliances (issue 18): dashboard show."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Every panel's table, for a viewer and a year.")
        show.add_argument(
            "--as", dest="username", default="", help="Whose dashboard (default: every alliance)."
        )
        show.add_argument("--year", type=int, default=None, help="The year (default: the last full year).")
        show.add_argument("--indicator", default="", help="The ranking's indicator code.")
        show.add_argument("--top", type=int, default=10, help="How many alliances the ranking shows.")
        show.add_argument(
            "--panel", action="append", choices=[p.key for p in panels()], help="Only these panels."
        )
        show.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["username"]) if options["username"] else SystemViewer()
        decision = can_view_dashboard(user)
        if not decision:
            raise CommandError(str(decision.reason))
        scope = dashboard_scope(
            user, year=options["year"], indicator=options["indicator"], top=options["top"]
        )
        alliances = scope.alliances.count()
        drawn = dashboard_panels(scope, options["panel"])
        if options["json"]:
            self.stdout.write(to_json([panel_out(p, data, scope, alliances) for p, data in drawn]))
            return
        for p, data in drawn:
            self.stdout.write(f"== {p.title} ({scope.year})")
            for line in render_table(
                [str(c) for c in data.columns], [[plain(c) for c in r] for r in data.rows]
            ):
                self.stdout.write(line)
            self.stdout.write("")
