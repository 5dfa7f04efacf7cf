"""``diffusion obligations CODE``: an alliance's diffusion obligations (settled first: those that arose,
deadlines passed); ``diffusion overview [--department D]``: every alliance's, with counts per alliance and
department; ``diffusion record CODE/R00001 --means M --on DATE --proof TEXT --as USER``: record a diffusion.
``--json`` everywhere. The operator reads everything (``SystemViewer``); a record acts as the ``--as`` user.
Exit status 1 on a refusal, with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.diffusion.choices import MANUAL_MEANS, ObligationStatus
from itisa.diffusion.selectors import obligations_of, obligations_overview, tallies
from itisa.diffusion.services import DiffusionInput, diffusion_record
from itisa.registry.management.access import command_alliance
from itisa.results.models import Result


def _row(o: Any) -> dict[str, Any]:
    return {"alliance": o.alliance.code, "result": o.result.code, "title_zh": o.result.title_zh,
            "department": o.department, "starts_on": o.starts_on, "deadline": o.deadline, "months": o.months,
            "status": o.status, "met_on": o.met_on}  # fmt: skip


class Command(BaseCommand):
    help = "Diffusion obligations of publicly funded results (Art. 8(6)): obligations, overview, record."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        obligations = sub.add_parser("obligations", help="An alliance's obligations, by deadline.")
        obligations.add_argument("code", help="Alliance short code, e.g. CSA.")
        obligations.add_argument(
            "--status", choices=ObligationStatus.values, default="", help="Only this status."
        )
        obligations.add_argument("--json", action="store_true", help="Print JSON.")
        overview = sub.add_parser("overview", help="Every alliance's obligations, with counts.")
        overview.add_argument("--department", default="", help="Only this granting department.")
        overview.add_argument(
            "--status", choices=ObligationStatus.values, default="", help="Only this status."
        )
        overview.add_argument("--json", action="store_true", help="Print JSON.")
        record = sub.add_parser("record", help="Record a diffusion of a result (write-once).")
        record.add_argument("ref", help="CODE/RESULT, e.g. CSA/R00001.")
        record.add_argument("--means", required=True, choices=[m.value for m in MANUAL_MEANS])
        record.add_argument("--on", required=True, type=dt.date.fromisoformat, help="The date, YYYY-MM-DD.")
        record.add_argument(
            "--proof", required=True, help="The address or DOI, the standard's number, the offer."
        )
        record.add_argument("--as", dest="username", required=True, help="Your username (the secretariat).")
        record.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _print(self, rows: list[dict[str, Any]], options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [
            _("Alliance"),
            _("Result"),
            _("Granting department"),
            _("Deadline"),
            _("Status"),
            _("Met on"),
        ]
        table = [[r["alliance"], r["result"], r["department"], r["deadline"], r["status"], r["met_on"] or ""]
                 for r in rows]  # fmt: skip
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _obligations(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        self._print([_row(o) for o in obligations_of(viewer, alliance, status=options["status"])], options)

    def _overview(self, options: dict[str, Any]) -> None:
        qs = obligations_overview(SystemViewer(), status=options["status"], department=options["department"])
        rows = [_row(o) for o in qs]
        if options["json"]:
            self.stdout.write(to_json({
                "obligations": rows,
                "by_department": [t.__dict__ | {"compliance": t.compliance} for t in tallies(qs, by="department")],
            }))  # fmt: skip
            return
        self._print(rows, options)
        for line in render_table(
            [_("Granting department"), _("Open"), _("Met"), _("Met late"), _("Overdue")],
            [[t.label, t.open, t.met, t.met_late, t.overdue] for t in tallies(qs, by="department")],
        ):
            self.stdout.write(line)

    def _record(self, options: dict[str, Any]) -> None:
        code, _sep, number = options["ref"].partition("/")
        alliance = command_alliance(code)
        result = Result.objects.filter(alliance=alliance, code=number.upper()).first()
        if result is None:
            raise CommandError(_("No result %(ref)s (write CODE/R00001).") % {"ref": options["ref"]})
        try:
            row = diffusion_record(by=acting_user(options["username"]), result=result, data=DiffusionInput(
                means=options["means"], on=options["on"], proof=options["proof"]))  # fmt: skip
        except DomainError as exc:
            raise CommandError(error_text(exc), returncode=1) from exc
        doc = {"result": result.code, "means": row.means, "on": row.on, "proof": row.proof}
        self.stdout.write(
            to_json(doc) if options["json"] else _("Recorded: %(result)s %(means)s %(on)s") % doc
        )
