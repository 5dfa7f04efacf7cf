"""``dues``: an alliance's fee schedule, issuing a year's dues notices, listing them, and recording
payments from a bank statement.

``dues fees CODE [--year Y]``, ``dues issue CODE --year Y [--issued-on D] [--due-on D] --as USER``,
``dues invoices CODE [--year Y] [--unpaid]``, ``dues template -o FILE`` (the payment import's template)
and ``dues import CODE FILE --as USER [--preview]`` (every payment of a filled-in template, or none: exit
1 with the refused rows). Reads go through the selectors as the operator (``SystemViewer``); issuing and
recording payments act as a named user, who must keep the alliance's dues, so that the audit log says who.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from itisa.accounts.management.imports import (
    add_import_parsers,
    import_user,
    read_upload,
    run_import,
    write_template,
)
from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.core.exports import workbook_bytes
from itisa.membership.choices import InvoiceStatus
from itisa.membership.dues import imports
from itisa.membership.dues.schemas import money
from itisa.membership.selectors.dues import fee_schedule_of, invoice_totals, invoices_of
from itisa.membership.services.dues import DEFAULT_DUE_DAYS, invoices_issue
from itisa.registry.management.access import command_alliance
from itisa.registry.models import Alliance


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(_("Not a date (YYYY-MM-DD): %(text)s") % {"text": text}) from exc


class Command(BaseCommand):
    help = (
        "Membership dues: the fee schedule, issuing a year's dues notices, listing them, importing payments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fees = sub.add_parser("fees", help="The annual dues per rank (all years, or one).")
        fees.add_argument("code", help="Alliance short code, e.g. CSA.")
        fees.add_argument("--year", type=int, help="Only this year.")
        fees.add_argument("--json", action="store_true", help="Print a JSON array.")
        issue = sub.add_parser(
            "issue", help="Issue the year's dues notices to every active member that has none yet."
        )
        issue.add_argument("code", help="Alliance short code, e.g. CSA.")
        issue.add_argument("--year", type=int, required=True, help="The dues year.")
        issue.add_argument("--issued-on", metavar="DATE", help="Issue date, YYYY-MM-DD (today).")
        issue.add_argument(
            "--due-on",
            metavar="DATE",
            help=f"Payment due date, YYYY-MM-DD ({DEFAULT_DUE_DAYS} days after issue).",
        )
        issue.add_argument(
            "--as", dest="username", required=True, help="Your username (the secretariat or an officer)."
        )
        invoices = sub.add_parser("invoices", help="List dues notices with their status.")
        invoices.add_argument("code", help="Alliance short code, e.g. CSA.")
        invoices.add_argument("--year", type=int, help="Only this year.")
        invoices.add_argument("--unpaid", action="store_true", help="Only dues notices still unpaid.")
        invoices.add_argument("--json", action="store_true", help="Print a JSON array.")
        add_import_parsers(sub, what="dues payment", alliance=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            write_template(self, options, workbook_bytes(imports.template_sheets()))
            return
        if options["action"] == "import":
            self._import(options)
            return
        alliance = command_alliance(options["code"])
        try:
            getattr(self, "_" + options["action"])(alliance, options)
        except DomainError as exc:
            raise CommandError(error_text(exc)) from exc

    def _import(self, options: dict[str, Any]) -> None:
        by = import_user(options)
        alliance = command_alliance(options["code"], viewer=by)
        upload = read_upload(options, imports.MAX_BYTES)
        run_import(
            self, options, preview=lambda: imports.payments_preview(by=by, alliance=alliance, data=upload),
            run=lambda: imports.payments_import(by=by, alliance=alliance, data=upload),
            key=lambda i: i.number, done=_("%(n)s payments are recorded."),
            line=lambda i: f"{i.number} {i.membership.organisation.name_zh} {money(i.amount)} {i.paid_on}",
        )  # fmt: skip

    def _fees(self, alliance: Alliance, options: dict[str, Any]) -> None:
        rows = [
            {"year": f.year, "rank": f.rank, "amount": money(f.amount)}
            for f in fee_schedule_of(SystemViewer(), alliance, options.get("year"))
        ]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        for line in render_table(["year", "rank", "amount"], [list(r.values()) for r in rows]):
            self.stdout.write(line)

    def _issue(self, alliance: Alliance, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        issued_on = _date(options["issued_on"]) if options.get("issued_on") else timezone.localdate()
        due_on = (
            _date(options["due_on"])
            if options.get("due_on")
            else issued_on + dt.timedelta(days=DEFAULT_DUE_DAYS)
        )
        created = invoices_issue(
            by=user, alliance=alliance, year=options["year"], issued_on=issued_on, due_on=due_on
        )
        n = len(created)
        for i, invoice in enumerate(created, start=1):
            org = invoice.membership.organisation.name_zh
            self.stdout.write(f"[{i}/{n}] {invoice.number} {org} {money(invoice.amount)}")
        total = sum((invoice.amount for invoice in created), start=Decimal("0.00"))
        self.stdout.write(
            ngettext(
                "Total: %(count)d dues notice, %(total)s CNY.",
                "Total: %(count)d dues notices, %(total)s CNY.",
                n,
            )
            % {"count": n, "total": money(total)}
        )

    def _invoices(self, alliance: Alliance, options: dict[str, Any]) -> None:
        status = InvoiceStatus.UNPAID if options["unpaid"] else ""
        qs = invoices_of(SystemViewer(), alliance, year=options.get("year"), status=status)
        rows = [
            {
                "number": i.number,
                "year": i.year,
                "organisation": i.membership.organisation.uscc,
                "name_zh": i.membership.organisation.name_zh,
                "rank": i.rank,
                "amount": money(i.amount),
                "status": i.status,
                "issued_on": i.issued_on.isoformat(),
                "due_on": i.due_on.isoformat(),
                "paid_on": i.paid_on.isoformat() if i.paid_on else None,
            }
            for i in qs
        ]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = ["number", "name_zh", "rank", "amount", "status", "due_on", "paid_on"]
        for line in render_table(headers, [[r[h] or "" for h in headers] for r in rows]):
            self.stdout.write(line)
        totals = invoice_totals(qs)
        self.stdout.write(
            _("Issued %(issued)s, paid %(paid)s, unpaid %(unpaid)s CNY.")
            % {
                "issued": money(totals["issued_total"]),
                "paid": money(totals["paid_total"]),
                "unpaid": money(totals["unpaid_total"]),
            }
        )
