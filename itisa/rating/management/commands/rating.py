"""``rating schemes | scheme-show YEAR | campaign-open YEAR --as USER [--group U1,U2 --group U3] |
campaign-advance YEAR --as USER [--comment T] | results YEAR | titles YEAR`` with ``--json``: the activity
rating from the console (docs/rating.md). Opening creates the year's campaign with its review groups (experts
of the pilot program's pool, by username) and rates the alliances in scope."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.pilots.models import Expert
from itisa.rating import outputs, selectors, services
from itisa.rating.choices import CampaignStatus


class Command(BaseCommand):
    help = "The activity rating: schemes, campaigns, published results and A级 titles."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("schemes", help="Every year's scheme.").add_argument("--json", action="store_true")
        show = sub.add_parser("scheme-show", help="A year's scheme with its definition.")
        show.add_argument("year", type=int)
        show.add_argument("--json", action="store_true")
        open_ = sub.add_parser(
            "campaign-open", help="Create the year's campaign and open it (rates the alliances)."
        )
        open_.add_argument("year", type=int)
        open_.add_argument(
            "--as", dest="username", required=True, help="Your username (the national office)."
        )
        open_.add_argument(
            "--group",
            action="append",
            default=[],
            help="A review group: experts' usernames separated by commas (repeat per group).",
        )
        open_.add_argument("--json", action="store_true")
        advance = sub.add_parser("campaign-advance", help="Move the year's campaign to its next stage.")
        advance.add_argument("year", type=int)
        advance.add_argument(
            "--as", dest="username", required=True, help="Your username (the national office)."
        )
        advance.add_argument("--comment", default="")
        advance.add_argument("--json", action="store_true")
        for name, text in (("results", "A year's published results."), ("titles", "A year's A级 titles.")):
            p = sub.add_parser(name, help=text)
            p.add_argument("year", type=int)
            p.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except DomainError as exc:
            raise CommandError(error_text(exc), returncode=1) from exc

    def _write_table(self, headers: list[str], rows: list[list[Any]]) -> None:
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _schemes(self, options: dict[str, Any]) -> None:
        rows = [outputs.scheme_data(s, definition=False) for s in selectors.schemes()]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        self._write_table([_("Year"), _("Title"), _("Status"), "SHA-256"],
                          [[r["year"], r["title"], r["status"], r["sha256"][:16]] for r in rows])  # fmt: skip

    def _scheme_show(self, options: dict[str, Any]) -> None:
        scheme = selectors.scheme_for(options["year"])
        if scheme is None:
            raise CommandError(_("No scheme for %(year)d.") % {"year": options["year"]})
        data = outputs.scheme_data(scheme)
        if options["json"]:
            self.stdout.write(to_json(data))
            return
        self.stdout.write(f"{scheme.year} {scheme.title} ({scheme.status}) {scheme.sha256}")
        rows = [[d["code"], d["weight"], i["code"], i["weight"], i["rule"], i["floor"], i["target"]]
                for d in scheme.definition["dimensions"] for i in d["indicators"]]  # fmt: skip
        self._write_table([_("Dimension"), _("Weight"), _("Indicator"), _("Weight"), _("Scoring"), _("Floor"),
                           _("Target")], rows)  # fmt: skip
        self._write_table(
            [_("Band"), _("From")], [[b["name_zh"], b["lower"]] for b in scheme.definition["bands"]]
        )

    def _campaign_out(self, options: dict[str, Any], campaign: Any) -> None:
        data = outputs.campaign_data(campaign)
        if options["json"]:
            self.stdout.write(to_json(data))
            return
        self.stdout.write(f"{campaign.year}: {campaign.get_status_display()}")
        self._write_table(
            [_("Alliance"), _("Computed total"), _("Final score"), _("Band"), _("Missing indicators")],
            [[r["alliance"], r["computed"]["total"], r["final"]["total"] if r["final"] else "", r["band_name"],
              ", ".join(r["missing"])] for r in data["ratings"]],
        )  # fmt: skip

    def _campaign_open(self, options: dict[str, Any]) -> None:
        by = acting_user(options["username"])
        groups = []
        for text in options["group"]:
            names = [n.strip() for n in text.split(",") if n.strip()]
            experts = list(Expert.objects.filter(user__username__in=names))
            if len(experts) != len(names):
                raise CommandError(_("Not experts of the pool: %(names)s") % {"names": text})
            groups.append(experts)
        campaign = selectors.campaign_for(options["year"])
        if campaign is None:
            campaign = services.campaign_create(by=by, year=options["year"], groups=groups)
        if campaign.status == CampaignStatus.DRAFT:
            campaign = services.campaign_advance(by=by, campaign=campaign)
        self._campaign_out(options, campaign)

    def _campaign_advance(self, options: dict[str, Any]) -> None:
        campaign = selectors.campaign_for(options["year"])
        if campaign is None:
            raise CommandError(_("No campaign for %(year)d.") % {"year": options["year"]})
        campaign = services.campaign_advance(by=acting_user(options["username"]), campaign=campaign,
                                             comment=options["comment"])  # fmt: skip
        self._campaign_out(options, campaign)

    def _results(self, options: dict[str, Any]) -> None:
        campaign = selectors.published_campaign(options["year"])
        if campaign is None:
            raise CommandError(_("No results are published for this year."))
        data = outputs.results_data(campaign)
        if options["json"]:
            self.stdout.write(to_json(data))
            return
        self._write_table([_("Alliance"), _("Final score"), _("Band"), _("A-level activity")],
                          [[r["alliance"], r["total"] if r["rated"] else "", r["band_name"] or _("not rated"),
                            "A" if r["title"] else ""] for r in data["results"]])  # fmt: skip

    def _titles(self, options: dict[str, Any]) -> None:
        rows = outputs.titles_data(options["year"])
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        self._write_table([_("Alliance"), _("Name")], [[r["alliance"], r["name_zh"]] for r in rows])
