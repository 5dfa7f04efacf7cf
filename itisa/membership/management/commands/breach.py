"""``breach``: notices of breach (docs/workflows.md, "Breach").

``breach list CODE [--status S] [--member USCC] [--json]`` lists an alliance's notices, lapsing first
those whose cure period has run (the clock the worker runs every minute); ``breach serve CODE --member
USCC --clause TEXT --facts TEXT --as USER [--json]`` serves one as a named user of the secretariat, so
that the audit log says who served it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.membership.choices import BreachStatus
from itisa.membership.models import BreachNotice, Membership
from itisa.membership.selectors import breaches_of
from itisa.membership.services import BreachInput, breach_serve
from itisa.registry.management.access import command_alliance

FIELDS = [
    "id",
    "organisation",
    "name_zh",
    "clause",
    "served_on",
    "cure_days",
    "cure_by",
    "agreement",
    "status",
]


def _row(n: BreachNotice) -> dict[str, Any]:
    return {
        "id": n.pk,
        "organisation": n.membership.organisation.uscc,
        "name_zh": n.membership.organisation.name_zh,
        "clause": n.clause,
        "served_on": n.served_on.isoformat(),
        "cure_days": n.cure_days,
        "cure_by": n.cure_by.isoformat(),
        "agreement": n.agreement.label,
        "status": n.status,
    }


class Command(BaseCommand):
    help = "Notices of breach: list an alliance's, or serve one."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser(
            "list", help="An alliance's notices of breach, newest first (lapsed ones settled first)."
        )
        lst.add_argument("code", help="Alliance short code, e.g. CSA.")
        lst.add_argument("--status", choices=BreachStatus.values, help="Only notices with this status.")
        lst.add_argument("--member", metavar="USCC", default="", help="Only notices served on this member.")
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")
        srv = sub.add_parser(
            "serve", help="Serve a notice of breach; the cure period is the agreement in force's."
        )
        srv.add_argument("code", help="Alliance short code, e.g. CSA.")
        srv.add_argument("--member", metavar="USCC", required=True, help="The member's credit code.")
        srv.add_argument(
            "--clause", required=True, help="The clause breached (one the agreement lists, or text)."
        )
        srv.add_argument("--facts", required=True, help="The facts of the breach.")
        srv.add_argument("--as", dest="username", required=True, help="Your username (the secretariat).")
        srv.add_argument("--json", action="store_true", help="Print the notice as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "serve":
            self._serve(options)
            return
        alliance = command_alliance(options["code"], viewer=SystemViewer())
        rows = [
            _row(n)
            for n in breaches_of(
                SystemViewer(), alliance, status=options.get("status") or "", organisation=options["member"]
            )
        ]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        for line in render_table(FIELDS, [[str(r[f]) for f in FIELDS] for r in rows]):
            self.stdout.write(line)

    def _serve(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        alliance = command_alliance(options["code"], viewer=user)
        membership = (
            Membership.objects.active()
            .filter(alliance=alliance, organisation__uscc=options["member"])
            .select_related("alliance", "organisation")
            .first()
        )
        if membership is None:
            raise CommandError(f"No active member {options['member']} in {alliance.code}.")
        try:
            notice = breach_serve(
                by=user,
                membership=membership,
                data=BreachInput(clause=options["clause"], facts=options["facts"]),
            )
        except DomainError as exc:
            raise CommandError(error_text(exc)) from exc
        row = _row(notice)
        if options["json"]:
            self.stdout.write(to_json(row))
            return
        self.stdout.write(f"{row['id']} {row['name_zh']}: {row['status']}, cure by {row['cure_by']}")
