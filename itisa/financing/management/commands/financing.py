"""``financing needs CODE``: an alliance's financing needs; ``financing lines CODE``: its credit lines with
what is drawn, undrawn and outstanding; ``financing show CODE/F0001`` (a need with its history and
responses) or ``CODE/C0001`` (a line with its drawdowns and repayments). ``--json`` everywhere. The
operator reads everything (``SystemViewer``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.core.errors import DomainError
from itisa.financing.selectors import (
    access_line,
    access_need,
    line_document,
    lines_of,
    need_document,
    need_summary,
    needs_of,
)
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = "Financing (Art. 10): needs CODE | lines CODE | show CODE/F0001 or CODE/C0001."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        needs = sub.add_parser("needs", help="An alliance's financing needs, newest first.")
        needs.add_argument("code", help="Alliance short code, e.g. CSA.")
        needs.add_argument("--status", default="", help="Only needs in this status (e.g. recommended).")
        needs.add_argument("--json", action="store_true", help="Print JSON.")
        lines = sub.add_parser(
            "lines", help="An alliance's credit lines with drawn, undrawn and outstanding."
        )
        lines.add_argument("code", help="Alliance short code, e.g. CSA.")
        lines.add_argument("--json", action="store_true", help="Print JSON.")
        show = sub.add_parser("show", help="A need (CODE/F0001) or a credit line (CODE/C0001).")
        show.add_argument("ref", help="CODE/F0001 or CODE/C0001.")
        show.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _needs(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        rows = [need_summary(n) for n in needs_of(viewer, alliance, status=options["status"])]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        table = [
            [r["code"], r["project"] or r["organisation_name"], r["channel"], r["amount"], r["status"]]
            for r in rows
        ]
        for line in render_table([_("Code"), _("For"), _("Channel"), _("Amount"), _("Status")], table):
            self.stdout.write(line)

    def _lines(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        today = timezone.localdate()
        rows = [line_document(x, today=today) for x in lines_of(viewer, alliance)]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        table = [[r["code"], r["institution"], r["borrower_name"], r["limit"], r["drawn"], r["undrawn"], r["outstanding"]]
                 for r in rows]  # fmt: skip
        headers = [
            _("Code"),
            _("Institution"),
            _("Borrower"),
            _("Limit"),
            _("Drawn"),
            _("Undrawn"),
            _("Outstanding"),
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        code, _sep, number = options["ref"].partition("/")
        command_alliance(code)
        try:
            if number.upper().startswith("C"):
                doc = line_document(access_line(SystemViewer(), code, number), today=timezone.localdate())
            else:
                doc = need_document(access_need(SystemViewer(), code, number))
        except DomainError:
            raise CommandError(
                _("No need or credit line %(ref)s (write CODE/F0001 or CODE/C0001).")
                % {"ref": options["ref"]}
            ) from None
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        for key, value in doc.items():
            if not isinstance(value, list):
                self.stdout.write(f"{key}: {value}")
        for item in doc.get("drawdowns", []) or doc.get("responses", []):
            self.stdout.write(
                "  " + ", ".join(f"{k}={v}" for k, v in item.items() if not isinstance(v, list))
            )
