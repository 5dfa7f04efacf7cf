"""``governance show CODE``: an alliance's bodies, seats, rules, staff and the Art. 8(3) checks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.governance.selectors import bodies_of, current_rules, governance_facts, staff_of
from itisa.registry.selectors import alliance_get


class Command(BaseCommand):
    help = "Show an alliance's bodies, seats, decision rules, staff register and liability member."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser(
            "show", help="Bodies with current seats and rules, staff, and the Art. 8(3) checks."
        )
        show.add_argument("code", help="Alliance short code, e.g. CSA.")
        show.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        viewer = SystemViewer()
        alliance = alliance_get(viewer, options["code"])
        if alliance is None:
            raise CommandError(_("No alliance with the short code %(code)s.") % {"code": options["code"]})
        facts = governance_facts(alliance)
        bodies: list[dict[str, Any]] = []
        for b in bodies_of(viewer, alliance):
            rs = current_rules(b)
            bodies.append(
                {
                    "name_zh": b.name_zh,
                    "kind": b.kind,
                    "type": b.body_type,
                    "rules": (
                        f"quorum {rs.quorum_comparison} {rs.quorum_numerator}/{rs.quorum_denominator}; "
                        f"pass {rs.threshold_comparison} {rs.threshold_numerator}/{rs.threshold_denominator} {rs.threshold_base}"
                        if rs
                        else ""
                    ),
                    "rules_version": rs.version if rs else None,
                    "seats": [
                        {
                            "holder": s.holder_name,
                            "organisation": s.organisation.uscc if s.organisation else None,
                            "role": s.role,
                        }
                        for s in getattr(b, "current_seats", [])
                    ],
                }
            )
        data = {
            "alliance": alliance.code,
            "bodies": bodies,
            "staff": [
                {
                    "name": p.name,
                    "position": p.position,
                    "full_time": p.full_time,
                    "since": p.since.isoformat(),
                }
                for p in staff_of(viewer, alliance)
            ],
            "liability_member": facts.liability.organisation.uscc if facts.liability else None,
            "has_decision_advisory_executive": facts.has_all_kinds,
            "full_time_staff": facts.full_time_staff,
        }
        if options["json"]:
            self.stdout.write(to_json(data))
            return
        rows = [[b["kind"], b["name_zh"], str(len(b["seats"])), b["rules"]] for b in bodies]
        for line in render_table(["kind", "body", "seats", "rules"], rows):
            self.stdout.write(line)
        self.stdout.write(
            f"full-time staff: {facts.full_time_staff}; three kinds of body: {'yes' if facts.has_all_kinds else 'no'}; "
            f"liability member: {data['liability_member'] or '-'}"
        )
