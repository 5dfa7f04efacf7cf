"""``project list CODE``: an alliance's R&D projects; ``project show CODE/P001``: a project with its plan,
milestones (overdue ones settled first) and budget against actual; ``project budget CODE/P001``: the
budget against the posted postings carrying the project. ``--json`` on each. The operator reads
everything (``SystemViewer``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.projects.choices import ProjectStatus
from itisa.projects.models import Project
from itisa.projects.selectors import budget_document, budget_vs_actual, project_document, projects_of
from itisa.registry.management.access import command_alliance


def _project(ref: str) -> Project:
    code, _sep, number = ref.partition("/")
    alliance = command_alliance(code)
    project = (
        Project.objects.select_related("alliance", "lead", "agreement")
        .filter(alliance=alliance, code=number)
        .first()
    )
    if project is None:
        raise CommandError(_("No project %(ref)s (write CODE/P001).") % {"ref": ref})
    return project


class Command(BaseCommand):
    help = "Alliance R&D projects: list, show, budget against actual."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser(
            "list", help="An alliance's projects with their lead member, period and status."
        )
        listing.add_argument("code", help="Alliance short code, e.g. CSA.")
        listing.add_argument("--status", choices=ProjectStatus.values, help="Only projects with this status.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        show = sub.add_parser("show", help="A project: goals, participants, milestones, funding and budget.")
        show.add_argument("ref", help="CODE/PROJECT, e.g. CSA/P001.")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        budget = sub.add_parser("budget", help="Budget against actual from the ledger's posted postings.")
        budget.add_argument("ref", help="CODE/PROJECT, e.g. CSA/P001.")
        budget.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list(options["code"], options.get("status") or "", options["json"])
        elif action == "show":
            self._show(options["ref"], options["json"])
        else:
            self._budget(options["ref"], options["json"])

    def _list(self, code: str, status: str, as_json: bool) -> None:
        viewer = SystemViewer()
        rows = [
            {"code": p.code, "title_zh": p.title_zh, "lead": p.lead.name_zh, "starts_on": p.starts_on.isoformat(),
             "ends_on": p.ends_on.isoformat(), "status": p.status}
            for p in projects_of(viewer, command_alliance(code, viewer=viewer), status=status).order_by("code")
        ]  # fmt: skip
        if as_json:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Code"), _("Title"), _("Lead member"), _("Period"), _("Status")]
        table = [
            [r["code"], r["title_zh"], r["lead"], f"{r['starts_on']}–{r['ends_on']}", r["status"]]
            for r in rows
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, ref: str, as_json: bool) -> None:
        doc = project_document(SystemViewer(), _project(ref))
        if as_json:
            self.stdout.write(to_json(doc))
            return
        self.stdout.write(f"{doc['alliance']}/{doc['code']} {doc['title_zh']} [{doc['status']}]")
        self.stdout.write(f"{doc['starts_on']} – {doc['ends_on']} · {doc['lead_name_zh']}")
        for g in doc["goals"]:
            self.stdout.write(f"  ◎ {g['title_zh']}: {g['target']}")
        for line in render_table(
            [_("Milestone"), _("Due on"), _("Status")],
            [[m["title_zh"], m["due_on"].isoformat(), m["status"]] for m in doc["milestones"]],
        ):
            self.stdout.write(line)
        budget = doc["budget"]
        self.stdout.write(
            _("Budget %(budget)s, spent %(spent)s, remaining %(remaining)s (CNY)")
            % {"budget": budget["budget"], "spent": budget["spent"], "remaining": budget["remaining"]}
        )

    def _budget(self, ref: str, as_json: bool) -> None:
        doc = budget_document(budget_vs_actual(_project(ref)))
        if as_json:
            self.stdout.write(to_json(doc))
            return
        for line in render_table(
            [_("Fund"), _("Kind"), _("Budget (CNY)"), _("Spent (CNY)"), _("Remaining (CNY)")],
            [[r["fund"], r["kind"], r["budget"], r["spent"], r["remaining"]] for r in doc["rows"]],
        ):
            self.stdout.write(line)
        self.stdout.write(
            _("Budget %(budget)s, spent %(spent)s, remaining %(remaining)s (CNY)")
            % {"budget": doc["budget"], "spent": doc["spent"], "remaining": doc["remaining"]}
        )
