"""``platform list CODE``: an alliance's shared platforms; ``platform show CODE/P0001``: a platform with
its bookings and their usage; ``platform stats CODE --year Y``: each platform's use in a year (the
statistics evaluation reads). ``--json`` everywhere. The operator reads everything (``SystemViewer``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.core.errors import DomainError
from itisa.core.values import EARLIEST_DAY, LATEST_DAY
from itisa.platforms.models import Platform
from itisa.platforms.selectors import (
    access_platform,
    booking_document,
    bookings_of,
    platform_document,
    platforms_of,
    usage_statistics,
)
from itisa.registry.management.access import command_alliance


def _platform(ref: str) -> Platform:
    code, _sep, number = ref.partition("/")
    command_alliance(code)
    try:
        return access_platform(SystemViewer(), code, number.upper())
    except DomainError:
        raise CommandError(_("No platform %(ref)s (write CODE/P0001).") % {"ref": ref}) from None


def _year(value: str) -> int:
    year = int(value)
    if not EARLIEST_DAY.year <= year < LATEST_DAY.year:
        raise ValueError(value)
    return year


class Command(BaseCommand):
    help = "Shared platforms: list, show (with bookings and usage), statistics of a year."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="An alliance's shared platforms, by code.")
        listing.add_argument("code", help="Alliance short code, e.g. CSA.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        show = sub.add_parser("show", help="A platform with its bookings and their usage.")
        show.add_argument("ref", help="CODE/PLATFORM, e.g. CSA/P0001.")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        stats = sub.add_parser("stats", help="Each platform's use in a year (Beijing time).")
        stats.add_argument("code", help="Alliance short code, e.g. CSA.")
        stats.add_argument("--year", type=_year, help="The year (default: this year).")
        stats.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        rows = [
            platform_document(p)
            for p in platforms_of(viewer, command_alliance(options["code"], viewer=viewer))
        ]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Code"), _("Kind"), _("Name"), _("Host member"), _("Unit"), _("Member rate"), _("Outside rate"),
                   _("Status")]  # fmt: skip
        table = [[r["code"], r["kind"], r["name_zh"], r["host_name"], r["unit"], r["member_rate"],
                  r["outside_rate"] or "", r["status"]] for r in rows]  # fmt: skip
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        platform = _platform(options["ref"])
        doc = {
            **platform_document(platform),
            "bookings": [booking_document(b) for b in bookings_of(platform)],
        }
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        self.stdout.write(
            f"{doc['alliance']}/{doc['code']} {doc['name_zh']} · {doc['host_name']} · {doc['status']}"
        )
        table = [
            [b["seq"], b["starts_at"], b["ends_at"], b["user"], b["status"], b["fee"] or "",
             b["usage"]["units_used"] if b["usage"] else "", b["usage"]["fee_due"] if b["usage"] else ""]
            for b in doc["bookings"]
        ]  # fmt: skip
        headers = [
            _("Booking"),
            _("From"),
            _("Until"),
            _("User"),
            _("Status"),
            _("Fee"),
            _("Units used"),
            _("Fee due"),
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _stats(self, options: dict[str, Any]) -> None:
        alliance = command_alliance(options["code"])
        year = options.get("year") or timezone.localdate().year
        rows = [s.document() for s in usage_statistics(alliance, year)]
        if options["json"]:
            self.stdout.write(to_json({"alliance": alliance.code, "year": year, "platforms": rows}))
            return
        self.stdout.write(_("Platform use in %(year)s") % {"year": year})
        headers = [_("Code"), _("Bookings"), _("Confirmed"), _("Hours"), _("Units used"), _("Member users"),
                   _("Members' share (%)"), _("Fees due")]  # fmt: skip
        table = [[r["platform"], r["bookings"], r["confirmed"], r["hours"], r["units_used"], r["member_users"],
                  r["member_share"] or "", r["fees_due"]] for r in rows]  # fmt: skip
        for line in render_table(headers, table):
            self.stdout.write(line)
