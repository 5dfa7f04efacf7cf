"""``standard list CODE [--level L] [--stage S]``: an alliance's standards; ``standard show CODE/S0001``: a
standard with its drafting members and stage history; ``standard declarations CODE/S0001``: its rounds of
IPR declarations, who is missing and the vote. ``--json`` everywhere. The operator reads everything
(``SystemViewer``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.core.errors import DomainError
from itisa.registry.management.access import command_alliance
from itisa.standards.choices import Level, Stage
from itisa.standards.models import StandardProject
from itisa.standards.selectors import (
    access_standard,
    lead_name,
    rounds_document,
    standard_document,
    standards_of,
)


def _standard(ref: str) -> StandardProject:
    code, _sep, number = ref.partition("/")
    command_alliance(code)
    try:
        return access_standard(SystemViewer(), code, number)
    except DomainError:
        raise CommandError(_("No standard %(ref)s (write CODE/S0001).") % {"ref": ref}) from None


class Command(BaseCommand):
    help = "Standards: list, show (drafting members and stages), declarations (rounds, who is missing, the vote)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="An alliance's standards, by code.")
        listing.add_argument("code", help="Alliance short code, e.g. CSA.")
        listing.add_argument("--level", choices=Level.values, default="", help="Only this level.")
        listing.add_argument("--stage", choices=Stage.values, default="", help="Only this stage.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        show = sub.add_parser("show", help="A standard with its drafting members and stage history.")
        show.add_argument("ref", help="CODE/STANDARD, e.g. CSA/S0001.")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        declarations = sub.add_parser("declarations", help="A standard's IPR declaration rounds and votes.")
        declarations.add_argument("ref", help="CODE/STANDARD, e.g. CSA/S0001.")
        declarations.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        rows = [
            {"code": s.code, "level": s.level, "title_zh": s.title_zh, "stage": s.stage,
             "lead": lead_name(s) or None, "drafters": getattr(s, "drafters", 0),
             "published_number": s.published_number}
            for s in standards_of(viewer, alliance, level=options["level"], stage=options["stage"])
        ]  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [
            _("Code"),
            _("Level"),
            _("Title"),
            _("Stage"),
            _("Lead drafting member"),
            _("Published number"),
        ]
        table = [
            [r["code"], r["level"], r["title_zh"], r["stage"], r["lead"] or "", r["published_number"]]
            for r in rows
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        doc = standard_document(_standard(options["ref"]))
        if options["json"]:
            self.stdout.write(to_json({k: v for k, v in doc.items() if k != "rounds"}))
            return
        self.stdout.write(f"{doc['alliance']}/{doc['code']} [{doc['level']}] {doc['title_zh']} — {doc['stage']}"
                          + (f" {doc['published_number']}" if doc["published_number"] else ""))  # fmt: skip
        for line in render_table(
            [_("Member"), _("Credit code"), _("Role")],
            [[m["name"], m["organisation"], m["role"]] for m in doc["drafting_members"]],
        ):
            self.stdout.write(line)
        for line in render_table(
            [_("At"), _("From"), _("To"), _("By")],
            [[h["at"], h["old_stage"], h["new_stage"], h["by"]] for h in doc["history"]],
        ):
            self.stdout.write(line)

    def _declarations(self, options: dict[str, Any]) -> None:
        rounds = rounds_document(_standard(options["ref"]))
        if options["json"]:
            self.stdout.write(to_json(rounds))
            return
        for r in rounds:
            motion = r["motion"]
            vote = f" · motion {motion['id']} {motion['status']} {motion['outcome']}" if motion else ""
            self.stdout.write(f"#{r['seq']} → {r['target']} ({r['outcome']}){vote}")
            rows = [[d["name"], d["licensing"], ", ".join(d["patents"]), d["document_ref"],
                     "" if d["current"] else _("superseded")] for d in r["declarations"]]  # fmt: skip
            rows += [[uscc, _("missing"), "", "", ""] for uscc in r["missing"]]
            for line in render_table(
                [_("Member"), _("Licensing declaration"), _("Essential patents"), _("Signed document"), ""],
                rows,
            ):
                self.stdout.write(line)
