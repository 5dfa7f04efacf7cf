"""``member list CODE``: an alliance's members, by rank."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.membership.selectors import members_of
from itisa.registry.selectors import alliance_get


class Command(BaseCommand):
    help = "List the members of an alliance (by short code, e.g. CSA)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="List an alliance's active members (with --past, former ones too).")
        lst.add_argument("code", help="Alliance short code.")
        lst.add_argument("--past", action="store_true", help="Include memberships that have ended.")
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = SystemViewer()
        alliance = alliance_get(viewer, options["code"])
        if alliance is None:
            raise CommandError(_("No alliance with the short code %(code)s.") % {"code": options["code"]})
        rows = [
            {
                "uscc": m.organisation.uscc,
                "name_zh": m.organisation.name_zh,
                "rank": m.rank,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
            }
            for m in members_of(viewer, alliance, include_past=options["past"])
        ]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = ["uscc", "name_zh", "rank", "joined_on", "left_on"]
        table = [[r["uscc"], r["name_zh"], r["rank"], r["joined_on"], r["left_on"] or ""] for r in rows]
        for line in render_table(headers, table):
            self.stdout.write(line)
