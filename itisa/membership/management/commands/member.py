"""``member list CODE``: an alliance's members, by rank. ``member applications CODE``: the admission
queue. ``member exits CODE [--complete]``: notices of exit, and ending those whose period has run (the
same clock the worker runs every minute, acting as the system). ``member template -o FILE``: the import
template; ``member import CODE FILE --as USER [--preview]``: record every row of a filled-in template, or
none (exit 1 with the refused rows)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.imports import (
    add_import_parsers,
    import_user,
    read_upload,
    run_import,
    write_template,
)
from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.core import clocks
from itisa.core.exports import workbook_bytes
from itisa.membership import imports
from itisa.membership.choices import ApplicationStatus, ExitStatus
from itisa.membership.clocks import EXIT_DUE, exits_past_period
from itisa.membership.models import Application
from itisa.membership.selectors import exit_notices_of, members_of
from itisa.membership.services.exits import unpaid_invoice_numbers
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = "List the members of an alliance (by short code, e.g. CSA)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="List an alliance's active members (with --past, former ones too).")
        lst.add_argument("code", help="Alliance short code.")
        lst.add_argument("--past", action="store_true", help="Include memberships that have ended.")
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")
        apps = sub.add_parser("applications", help="Applications to join an alliance, newest first.")
        apps.add_argument("code", help="Alliance short code.")
        apps.add_argument(
            "--status", choices=ApplicationStatus.values, help="Only applications with this status."
        )
        apps.add_argument("--json", action="store_true", help="Print a JSON array.")
        ex = sub.add_parser("exits", help="Pending notices of exit; --complete ends those that are due.")
        ex.add_argument("code", help="Alliance short code.")
        ex.add_argument(
            "--complete",
            action="store_true",
            help="End now the memberships whose notice has run and whose dues are paid (the worker does it too).",
        )
        add_import_parsers(sub, what="member", alliance=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            write_template(self, options, workbook_bytes(imports.template_sheets()))
            return
        if options["action"] == "import":
            by = import_user(options)
            alliance, upload = (
                command_alliance(options["code"], viewer=by),
                read_upload(options, imports.MAX_BYTES),
            )
            run_import(
                self, options, preview=lambda: imports.members_preview(by=by, alliance=alliance, data=upload),
                run=lambda: imports.members_import(by=by, alliance=alliance, data=upload),
                key=lambda m: m.organisation.uscc, done=_("%(n)s members are recorded."),
            )  # fmt: skip
            return
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        if options["action"] == "applications":
            self._applications(alliance, options.get("status") or "", options["json"])
            return
        if options["action"] == "exits":
            self._exits(alliance, options["complete"])
            return
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

    def _applications(self, alliance: Any, status: str, as_json: bool) -> None:
        qs = Application.objects.filter(alliance=alliance).order_by("-submitted_at", "-pk")
        if status:
            qs = qs.filter(status=status)
        rows = [
            {
                "id": a.pk,
                "uscc": a.uscc,
                "name_zh": a.name_zh,
                "rank": a.rank,
                "status": a.status,
                "submitted_at": a.submitted_at.isoformat(),
                "rejection_reason": a.rejection_reason,
            }
            for a in qs
        ]
        if as_json:
            self.stdout.write(to_json(rows))
            return
        table = [[str(r["id"]), r["uscc"], r["name_zh"], r["rank"], r["status"]] for r in rows]
        for line in render_table(["id", "uscc", "name_zh", "rank", "status"], table):
            self.stdout.write(line)

    def _exits(self, alliance: Any, complete: bool) -> None:
        if not complete:
            notices = list(exit_notices_of(SystemViewer(), alliance))
            table = [
                [
                    n.membership.organisation.name_zh,
                    n.given_on.isoformat(),
                    n.effective_on.isoformat(),
                    n.status,
                ]
                for n in notices
            ]
            for line in render_table(["organisation", "given_on", "effective_on", "status"], table):
                self.stdout.write(line)
            return
        now = timezone.now()
        due = list(exits_past_period(timezone.localdate(now)).filter(membership__alliance=alliance))
        clocks.settle(EXIT_DUE, membership__alliance=alliance, now=now)
        ended = 0
        for i, notice in enumerate(due, 1):
            notice.refresh_from_db(fields=["status"])
            name = notice.membership.organisation.name_zh
            if notice.status == ExitStatus.COMPLETED:
                ended += 1
                self.stdout.write(f"[{i}/{len(due)}] {name}: {_('membership ended')}")
                continue
            unpaid = ", ".join(unpaid_invoice_numbers(notice.membership))
            reason = _("Dues are not settled: %(invoices)s unpaid.") % {"invoices": unpaid}
            self.stdout.write(f"[{i}/{len(due)}] {name}: {reason}")
        self.stdout.write(_("%(ended)s of %(due)s due exits completed.") % {"ended": ended, "due": len(due)})
