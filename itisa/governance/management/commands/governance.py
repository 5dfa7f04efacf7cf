"""``governance show CODE``: bodies, seats, rules, staff and the Art. 8(3) checks.

``governance motions CODE``: motions with their tallies (ballots past their deadline are closed
first). ``governance remind``: tell the seats that have not voted that a ballot closes soon; the
worker (``itisa worker``) does it by itself 24 hours ahead, so this is for another window by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.governance.choices import MotionStatus
from itisa.governance.selectors import (
    bodies_of,
    current_rules,
    governance_facts,
    motions_of,
    rule_set_summary,
    staff_of,
    tally_of,
)
from itisa.governance.services import ballots_remind
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = "Show an alliance's bodies, seats, decision rules, staff register and liability member."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser(
            "show", help="Bodies with current seats and rules, staff, and the Art. 8(3) checks."
        )
        show.add_argument("code", help="Alliance short code, e.g. CSA.")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        motions = sub.add_parser("motions", help="Motions and ballots with their status and tally.")
        motions.add_argument("code", help="Alliance short code, e.g. CSA.")
        motions.add_argument("--status", choices=MotionStatus.values, help="Only motions with this status.")
        motions.add_argument("--json", action="store_true", help="Print JSON.")
        remind = sub.add_parser("remind", help="Remind seats that have not voted on ballots closing soon.")
        remind.add_argument(
            "--hours", type=int, default=24, help="Ballots closing within this many hours (24)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            self._remind(options["hours"])
            return
        if options["action"] == "motions":
            self._motions(options["code"], options.get("status") or "", options["json"])
            return
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
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
                        "quorum {quorum}; pass {threshold}".format(**rule_set_summary(rs)) if rs else ""
                    ),
                    "rules_version": rs.version if rs else None,
                    # the agreement version the rules come from (changing them is an amendment), or null
                    "rules_from": rs.agreement_version.label if rs and rs.agreement_version else None,
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
        rows = [
            [b["kind"], b["name_zh"], str(len(b["seats"])), b["rules"], b["rules_from"] or "-"]
            for b in bodies
        ]
        for line in render_table(["kind", "body", "seats", "rules", "from agreement"], rows):
            self.stdout.write(line)
        self.stdout.write(
            f"full-time staff: {facts.full_time_staff}; three kinds of body: {'yes' if facts.has_all_kinds else 'no'}; "
            f"liability member: {data['liability_member'] or '-'}"
        )

    def _remind(self, hours: int) -> None:
        if hours < 1:
            raise CommandError(_("--hours must be at least 1."))
        reminded = ballots_remind(within=dt.timedelta(hours=hours))
        for i, motion in enumerate(reminded, 1):
            self.stdout.write(
                f"[{i}/{len(reminded)}] {motion.body.alliance.code} {motion.body.name_zh} #{motion.number} {motion.title_zh}"
            )
        self.stdout.write(
            ngettext("%(n)s ballot reminded.", "%(n)s ballots reminded.", len(reminded))
            % {"n": len(reminded)}
        )

    def _motions(self, code: str, status: str, as_json: bool) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(code, viewer=viewer)
        data = []
        for m in motions_of(viewer, alliance, status=status):
            tally = tally_of(m)
            resolution = getattr(m, "resolution", None) if m.passed else None
            data.append(
                {
                    "body": m.body.name_zh,
                    "number": m.number,
                    "title_zh": m.title_zh,
                    "method": m.method,
                    "matter": m.matter,
                    "status": m.status,
                    "deadline": m.deadline.isoformat(),
                    "votes_cast": getattr(m, "vote_count", 0),
                    "seats": m.seats_count,
                    "attending": m.attending,
                    "present": m.present,
                    "yes": m.yes,
                    "no": m.no,
                    "abstain": m.abstain,
                    "quorum_met": m.quorum_met,
                    "passed": m.passed,
                    "outcome": m.outcome,
                    "rules_version": m.rules.version if m.rules else None,
                    "agreement_version": tally.agreement_version if tally is not None else None,
                    "quorum": rule_set_summary(m.rules)["quorum"] if m.rules else None,
                    "threshold": rule_set_summary(m.rules)["threshold"] if m.rules else None,
                    "base": tally.base if tally is not None else None,
                    # the whole stored tally as the API shows it (MotionOut.tally)
                    "tally": tally.as_dict() if tally is not None else None,
                    "resolution": {
                        "effect": resolution.effect,
                        "veto_until": resolution.veto_until.isoformat() if resolution.veto_until else None,
                        "effective_at": resolution.effective_at.isoformat()
                        if resolution.effective_at
                        else None,
                    }
                    if resolution is not None
                    else None,
                }
            )
        if as_json:
            self.stdout.write(to_json(data))
            return

        def outcome(row: dict[str, Any]) -> str:
            if row["status"] != "closed":
                return str(row["status"])
            text = "passed" if row["tally"]["passed"] else str(row["tally"]["outcome"]).replace("_", " ")
            if row["resolution"] and row["resolution"]["effect"] != "in_force":
                text += f" ({row['resolution']['effect'].replace('_', ' ')})"
            return text

        def counts(row: dict[str, Any]) -> list[str]:
            t = row["tally"]
            if t is None:
                return ["", "", "", "", ""]
            comparison = {"at_least": ">=", "more_than": ">"}
            return [
                f"{t['present']}/{t['seats']}"
                + (f" ({t['attending']} attending)" if t["attending"] is not None else ""),
                f"{t['yes']}/{t['no']}/{t['abstain']}",
                f"{comparison[t['quorum_comparison']]}{t['quorum']} {'met' if t['quorum_met'] else 'not met'}",
                f"{comparison[t['threshold_comparison']]}{t['threshold']} of {t['threshold_base']} ({t['base']})",
                f"v{t['rules_version']}" + (f" {t['agreement_version']}" if t["agreement_version"] else ""),
            ]

        rows = [
            [
                row["body"],
                str(row["number"]),
                row["title_zh"],
                str(row["votes_cast"]),
                *counts(row),
                outcome(row),
            ]
            for row in data
        ]
        headers = [
            "body",
            "no.",
            "title",
            "votes",
            "present/seats",
            "yes/no/abst",
            "quorum",
            "threshold",
            "rules",
        ]
        for line in render_table([*headers, "outcome"], rows):
            self.stdout.write(line)
