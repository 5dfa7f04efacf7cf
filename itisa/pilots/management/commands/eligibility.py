"""``eligibility check (CODE | --dossier FILE | --all) [--rules SET] [--json] [--as-of DATE]``.

One alliance (from the database or a dossier file): the report, exit status 0 when eligible, 1 when
not, 2 when nothing fails but something needs review. ``--all``: every alliance that is not dissolved,
with the results per criterion (exit status 0; the report is the output).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import render_table, to_json
from itisa.core.strict_json import JSONRefused, loads_strict
from itisa.dossier.base import json_path
from itisa.pilots.eligibility import RULE_SETS, NotInForce, Report, evaluate
from itisa.pilots.eligibility.build import alliance_report, registry_reports
from itisa.pilots.eligibility.criteria import FAIL, PASS, REVIEW
from itisa.pilots.eligibility.from_dossier import DossierInvalid, dossier_facts
from itisa.registry.choices import AllianceStatus
from itisa.registry.management.access import command_alliance
from itisa.registry.models import Alliance

MAX_DOSSIER_BYTES = 50 * 1024 * 1024
EXIT = {True: 0, False: 1, None: 2}


class Command(BaseCommand):
    help = "Check alliances against Article 8 of 国科发政〔2008〕770号 (the pilot program's conditions)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Exit 0 when eligible, 1 when not, 2 when review is needed.")
        which = check.add_mutually_exclusive_group(required=True)
        which.add_argument("code", nargs="?", help="An alliance's short code, e.g. CSA.")
        which.add_argument("--dossier", metavar="FILE", help="Check a dossier file instead of the database.")
        which.add_argument("--all", action="store_true", help="Check every alliance that is not dissolved.")
        check.add_argument(
            "--rules", choices=sorted(RULE_SETS), default="2008", help="The rule set (default 2008)."
        )
        check.add_argument("--json", action="store_true", help="Print JSON.")
        check.add_argument("--as-of", type=dt.date.fromisoformat, help="Check as on this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["all"]:
                self._all(options)
                return
            report = self._dossier(options) if options["dossier"] else self._alliance(options)
        except NotInForce as exc:
            raise CommandError(
                _("The %(rules)s rules are in force from %(first)s, not on %(day)s.")
                % {"rules": options["rules"], "first": exc.first.isoformat(), "day": exc.asked.isoformat()}
            ) from exc
        if options["json"]:
            self.stdout.write(to_json(report.as_json()))
        else:
            self._print(report)
        sys.exit(EXIT[report.eligible])

    def _alliance(self, options: dict[str, Any]) -> Report:
        alliance = command_alliance(options["code"])
        return alliance_report(alliance, rules=options["rules"], as_of=options["as_of"])

    def _dossier(self, options: dict[str, Any]) -> Report:
        path = Path(options["dossier"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        if path.stat().st_size > MAX_DOSSIER_BYTES:
            raise CommandError(_("The file is larger than 50 MB."))
        try:
            data = loads_strict(path.read_text(encoding="utf-8"))
        except JSONRefused as exc:  # read as strictly as ``itisa dossier import`` reads it
            raise CommandError(
                _("The dossier is refused at %(path)s: %(error)s")
                % {"path": json_path(exc.loc), "error": exc.message}
            ) from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise CommandError(_("The file is not JSON: %(error)s") % {"error": exc}) from exc
        try:
            facts = dossier_facts(data, as_of=options["as_of"] or dt.date.today())  # noqa: DTZ011 (a calendar date)
        except DossierInvalid as exc:
            lines = "\n".join(f"  {p}" for p in exc.problems[:20])
            raise CommandError(_("Not a valid dossier:") + "\n" + lines) from exc
        return evaluate(facts, rules=options["rules"])

    def _print(self, report: Report) -> None:
        labels = {PASS: "✔", FAIL: "✘", REVIEW: "?"}
        self.stdout.write(
            _("%(alliance)s under the %(rules)s rules: %(verdict)s")
            % {
                "alliance": report.alliance,
                "rules": report.rules,
                "verdict": {True: _("eligible"), False: _("not eligible"), None: _("needs review")}[
                    report.eligible
                ],
            }
        )
        rows = [(labels[r.result], r.code, r.reason_zh, r.reference) for r in report.results]
        for line in render_table(["", _("criterion"), _("reason"), _("reference")], rows):
            self.stdout.write(line)

    def _all(self, options: dict[str, Any]) -> None:
        alliances = Alliance.objects.exclude(status=AllianceStatus.DISSOLVED).order_by("code")
        rows = registry_reports(alliances, rules=options["rules"], as_of=options["as_of"])
        codes = [c.code for c in RULE_SETS[options["rules"]].criteria]
        counts = {code: {PASS: 0, FAIL: 0, REVIEW: 0} for code in codes}
        for _alliance, report in rows:
            for r in report.results:
                counts[r.code][r.result] += 1
        if options["json"]:
            self.stdout.write(
                to_json(
                    {
                        "rules": options["rules"],
                        "criteria": [{"code": c, **counts[c]} for c in codes],
                        "alliances": [
                            {
                                "alliance": a.code,
                                "eligible": r.eligible,
                                "failing": [x.code for x in r.results if x.result == FAIL],
                                "needs_review": [x.code for x in r.results if x.result == REVIEW],
                            }
                            for a, r in rows
                        ],
                    }
                )
            )
            return
        verdict = {True: _("eligible"), False: _("not eligible"), None: _("needs review")}
        table = [
            (a.code, verdict[r.eligible], ", ".join(x.code for x in r.results if x.result == FAIL))
            for a, r in rows
        ]
        for line in render_table([_("alliance"), _("result"), _("failing")], table):
            self.stdout.write(line)
        self.stdout.write("")
        for line in render_table(
            [_("criterion"), _("pass"), _("fail"), _("needs review")],
            [(c, counts[c][PASS], counts[c][FAIL], counts[c][REVIEW]) for c in codes],
        ):
            self.stdout.write(line)
