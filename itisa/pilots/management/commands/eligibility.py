"""``eligibility check (CODE | --dossier FILE | --all) [--rules SET] [--json] [--as-of DATE]``;
``eligibility sign-findings (FILE | --alliance CODE) --key PEM [--dossier FILE] [--output FILE]``.

check: one alliance (from the database or a dossier file): the report, exit status 0 when eligible, 1
when not, 2 when nothing fails but something needs review. ``--all``: every alliance that is not
dissolved, with the results per criterion (exit status 0; the report is the output). A dossier is read
as ``dossier import`` reads it and checked with the import's checks (``from_dossier``); its office
findings count when signed by the key ``ITISA_OFFICE_PUBLIC_KEY`` names.

sign-findings: the national office signs its findings (a findings file, or what it recorded here for an
alliance) with its private key, and prints the signed section, or writes it into a dossier (1.4).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.output import render_table, to_json
from itisa.agreements import crypto
from itisa.dossier.management.commands.dossier import read_dossier_file
from itisa.dossier.office_findings import office_public_key
from itisa.dossier.services import dossier_dumps, dossier_validate
from itisa.pilots.eligibility import RULE_SETS, NotInForce, Report, evaluate
from itisa.pilots.eligibility.build import alliance_report, registry_reports
from itisa.pilots.eligibility.criteria import FAIL, PASS, REVIEW
from itisa.pilots.eligibility.from_dossier import DossierInvalid, dossier_facts
from itisa.pilots.eligibility.signed_findings import OFFICE, findings_problems, recorded_findings, sign
from itisa.registry.choices import AllianceStatus
from itisa.registry.management.access import command_alliance
from itisa.registry.models import Alliance

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
        signing = sub.add_parser(
            "sign-findings",
            help="Sign the national office's findings (Art. 8(1)) with its private key for a dossier (1.4).",
        )
        source = signing.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "file",
            nargs="?",
            help="A findings file: {alliance, office, as_of, backbone: [...], frontier: [...]}.",
        )
        source.add_argument("--alliance", metavar="CODE", help="Sign what the office recorded here for CODE.")
        signing.add_argument("--key", required=True, help="The office's Ed25519 private key (PEM).")
        signing.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            help="With --alliance: findings made by this date (default today).",
        )
        signing.add_argument(
            "--office", default=OFFICE, help=f"With --alliance: the office's name (default {OFFICE})."
        )
        signing.add_argument(
            "--dossier", metavar="FILE", help="Put the signed section into this dossier (1.4)."
        )
        signing.add_argument(
            "--output", "-o", default="", help="Write to this file instead of standard output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sign-findings":
            self._sign(options)
            return
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
        # read as ``dossier import`` reads a file: the same limits and JSON rules
        data = read_dossier_file(options["dossier"])
        try:
            facts = dossier_facts(
                data, as_of=options["as_of"] or timezone.localdate(), office_key=office_public_key()
            )
        except DossierInvalid as exc:
            lines = "\n".join(f"  {p}" for p in exc.problems[:20])
            raise CommandError(_("Not a valid dossier:") + "\n" + lines) from exc
        return evaluate(facts, rules=options["rules"])

    def _sign(self, options: dict[str, Any]) -> None:
        if options["alliance"]:
            alliance = command_alliance(options["alliance"])
            as_of = options["as_of"] or timezone.localdate()
            findings = recorded_findings(alliance, as_of=as_of, office=options["office"])
        else:
            findings = read_dossier_file(options["file"])
        problems = findings_problems(findings)
        if problems:
            lines = "\n".join(f"  {p}" for p in problems[:20])
            raise CommandError(_("Not a findings file:") + "\n" + lines)
        try:
            pem = Path(options["key"]).read_bytes()[:10000]
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": options["key"], "error": exc.strerror}
            ) from exc
        dossier = read_dossier_file(options["dossier"]) if options["dossier"] else None
        try:
            signed = sign(findings, pem, dossier=dossier)
        except crypto.KeyFormatError as exc:
            raise CommandError(
                _("%(file)s is not an Ed25519 private key (PEM).") % {"file": options["key"]}
            ) from exc
        except ValueError as exc:
            raise CommandError(
                _("Only a dossier of version 1.4 or later carries the office's findings.")
            ) from exc
        if dossier is not None:
            invalid = dossier_validate(signed)
            if invalid:
                lines = "\n".join(f"  {p}" for p in invalid[:20])
                raise CommandError(_("Not a valid dossier:") + "\n" + lines)
            out = dossier_dumps(signed)
        else:
            out = (json.dumps(signed, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
        if options["output"]:
            Path(options["output"]).write_bytes(out)
            return
        self.stdout.write(out.decode(), ending="")

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
