"""``alliance list`` and ``alliance show``: read the alliance register from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.management.access import command_alliance
from itisa.registry.memberships import active_membership_q
from itisa.registry.selectors import AllianceFilters, alliance_search

ACTIVE_MEMBERS = Count("memberships", filter=active_membership_q("memberships"))


class Command(BaseCommand):
    help = "List and show alliances (by short code, e.g. CSA)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="List alliances with their active member counts.")
        lst.add_argument("--status", default="", choices=AllianceStatus.values)
        lst.add_argument("--scope", default="", choices=AllianceScope.values)
        lst.add_argument("--province", default="", help="Two-digit GB/T 2260 province code, e.g. 37.")
        lst.add_argument("-q", dest="q", default="", help="Search code and names.")
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")
        show = sub.add_parser("show", help="Show one alliance.")
        show.add_argument("code")
        show.add_argument("--json", action="store_true", help="Print a JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list(options)
        else:
            self._show(options["code"], as_json=options["json"])

    def _list(self, options: dict[str, Any]) -> None:
        filters = AllianceFilters(
            q=options["q"], status=options["status"], scope=options["scope"], province=options["province"]
        )
        rows = list(
            alliance_search(SystemViewer(), filters)
            .annotate(members=ACTIVE_MEMBERS)
            .values("code", "name_zh", "name_en", "status", "scope", "province", "members")
        )
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = ["code", "name_zh", "status", "scope", "province", "members"]
        table = [
            [r["code"], r["name_zh"], r["status"], r["scope"], r["province"], r["members"]] for r in rows
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, code: str, *, as_json: bool) -> None:
        alliance = command_alliance(code)
        members = alliance.memberships.active().count()  # type: ignore[attr-defined]
        data = {
            "code": alliance.code,
            "name_zh": alliance.name_zh,
            "name_en": alliance.name_en,
            "status": alliance.status,
            "scope": alliance.scope,
            "province": alliance.province,
            "industry": alliance.industry,
            "key_area": alliance.key_area,
            "emerging_industry": alliance.emerging_industry,
            "founded_on": alliance.founded_on.isoformat() if alliance.founded_on else None,
            "host_unit": alliance.host_unit.uscc if alliance.host_unit else "",
            "website": alliance.website,
            "members": members,
            "is_demo": alliance.is_demo,
        }
        if as_json:
            self.stdout.write(to_json(data))
            return
        lines = render_table(["field", "value"], [[k, "" if v is None else v] for k, v in data.items()])
        for line in lines[1:]:
            self.stdout.write(line)
