"""``report rounds``: the rounds with their counts; ``report open YEAR [--deadline DATE] --as USER``: open a
round; ``report list [--year Y --status S --province P --industry I]``: the reports; ``report show CODE YEAR``:
one report with its frozen table; ``report submit CODE YEAR --as USER``; ``report return CODE YEAR --reason
TEXT --as USER``; ``report accept CODE YEAR --as USER``. ``--json`` everywhere. Reads as the operator
(``SystemViewer``); writes act as the ``--as`` user. Exit status 1 on a refusal, with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError, NotFound
from itisa.reports import services
from itisa.reports.choices import ReportStatus
from itisa.reports.models import AnnualReport
from itisa.reports.rules import PARTS
from itisa.reports.selectors import access_report, report_list, rounds, snapshot


def _round(r: Any) -> dict[str, Any]:
    return {"year": r.year, "deadline": r.deadline, "total": r.total, "draft": r.n_draft,
            "submitted": r.n_submitted, "returned": r.n_returned, "accepted": r.n_accepted,
            "overdue": r.n_overdue}  # fmt: skip


def _row(r: AnnualReport) -> dict[str, Any]:
    return {"alliance": r.alliance.code, "year": r.year, "status": r.status, "deadline": r.round.deadline,
            "overdue": r.overdue_at is not None, "submitted_at": r.submitted_at}  # fmt: skip


class Command(BaseCommand):
    help = "Annual reports (Art. 9, 11): rounds, open, list, show, submit, return, accept."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("rounds", help="The rounds, with their reports counted by status.")
        p.add_argument("--json", action="store_true", help="Print JSON.")
        p = sub.add_parser("open", help="Open the round of a reporting year (the national office).")
        p.add_argument("year", type=int)
        p.add_argument(
            "--deadline", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default 28 Feb)."
        )
        p.add_argument("--note", default="")
        p.add_argument("--as", dest="username", required=True, help="Your username (the national office).")
        p.add_argument("--json", action="store_true", help="Print JSON.")
        p = sub.add_parser("list", help="The reports, filtered.")
        p.add_argument("--year", type=int, default=None)
        p.add_argument("--status", choices=ReportStatus.values, default="")
        p.add_argument("--province", default="", help="GB/T 2260 province code, e.g. 37.")
        p.add_argument("--industry", default="", help="GB/T 4754 section, e.g. C.")
        p.add_argument("--json", action="store_true", help="Print JSON.")
        for name, helptext in (("show", "One report, with its last submission."), ("submit", "Submit (the secretariat)."),
                               ("return", "Return for correction (the national office)."),
                               ("accept", "Accept (the national office).")):  # fmt: skip
            p = sub.add_parser(name, help=helptext)
            p.add_argument("code", help="Alliance short code, e.g. CSA.")
            p.add_argument("year", type=int)
            if name == "return":
                p.add_argument("--reason", required=True, help="What is to be corrected.")
            if name != "show":
                p.add_argument("--as", dest="username", required=True, help="Your username.")
            p.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(error_text(exc), returncode=1) from exc

    def _rounds(self, options: dict[str, Any]) -> None:
        rows = [_round(r) for r in rounds()]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Year"), _("Deadline"), _("Owed"), _("Draft"), _("Submitted"), _("Returned"), _("Accepted"),
                   _("Overdue")]  # fmt: skip
        for line in render_table(headers, [list(r.values()) for r in rows]):
            self.stdout.write(line)

    def _open(self, options: dict[str, Any]) -> None:
        rnd = services.round_open(by=acting_user(options["username"]), year=options["year"],
                                  deadline=options["deadline"], note=options["note"])  # fmt: skip
        doc = {"year": rnd.year, "deadline": rnd.deadline, "reports": rnd.reports.count()}
        self.stdout.write(to_json(doc) if options["json"] else
                          _("Opened: %(year)s, deadline %(deadline)s, %(reports)s reports owed") % doc)  # fmt: skip

    def _list(self, options: dict[str, Any]) -> None:
        rows = [_row(r) for r in report_list(SystemViewer(), year=options["year"], status=options["status"],
                                             province=options["province"], industry=options["industry"])]  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Alliance"), _("Year"), _("Status"), _("Deadline"), _("Overdue"), _("Submitted at")]
        for line in render_table(headers, [[r["alliance"], r["year"], r["status"], r["deadline"],
                                            "!" if r["overdue"] else "", r["submitted_at"] or ""] for r in rows]):  # fmt: skip
            self.stdout.write(line)

    def _report(self, options: dict[str, Any], viewer: Any = None) -> AnnualReport:
        try:
            return access_report(viewer or SystemViewer(), options["code"].upper(), options["year"])
        except NotFound as exc:
            raise CommandError(exc.message) from exc

    def _show(self, options: dict[str, Any], report: AnnualReport | None = None) -> None:
        report = report or self._report(options)
        last = report.submissions.order_by("-number").first()
        doc = {**_row(report), **{f"{p}_{lang}": getattr(report, f"{p}_{lang}") for p in PARTS for lang in ("zh", "en")},
               "submission": None if last is None else {
                   "number": last.number, "by": last.actor_label, "at": last.at, "late": last.late,
                   "sha256": last.sha256,
                   "indicators": [{"code": v.code, "value": v.value, "source": v.source, "evidence": v.evidence}
                                  for v in snapshot(last)]}}  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        self.stdout.write(f"{report.alliance.code} {report.year}: {report.status}")
        for p in PARTS:
            self.stdout.write(f"[{p}] {doc[f'{p}_zh']}")
        if last is not None:
            self.stdout.write(
                f"#{last.number} {last.actor_label} {last.at:%Y-%m-%d %H:%M} SHA-256 {last.sha256}"
            )
            for line in render_table([_("Indicator"), _("Value"), _("Source")],
                                     [[v["code"], v["value"], v["source"]] for v in doc["submission"]["indicators"]]):  # fmt: skip
                self.stdout.write(line)

    def _submit(self, options: dict[str, Any]) -> None:
        report = self._report(options)
        services.report_submit(by=acting_user(options["username"]), report=report)
        self._show(options, self._report(options))

    def _return(self, options: dict[str, Any]) -> None:
        report = self._report(options)
        services.report_return(by=acting_user(options["username"]), report=report, reason=options["reason"])
        self._show(options, self._report(options))

    def _accept(self, options: dict[str, Any]) -> None:
        report = self._report(options)
        services.report_accept(by=acting_user(options["username"]), report=report)
        self._show(options, self._report(options))
