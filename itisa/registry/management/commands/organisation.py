"""``organisation list`` and ``organisation show``: read the organisation register (by credit code);
``organisation template -o FILE``: the import template; ``organisation import FILE --as USER [--preview]``:
register every row of a filled-in template, or none (exit 1 with the refused rows)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.imports import (
    add_import_parsers,
    import_user,
    read_upload,
    run_import,
    write_template,
)
from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.core.exports import workbook_bytes
from itisa.registry import imports
from itisa.registry.choices import OrganisationKind
from itisa.registry.selectors import organisation_get, organisation_search


class Command(BaseCommand):
    help = "List and show organisations (by unified social credit code)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="List organisations.")
        lst.add_argument("-q", dest="q", default="", help="Search names and credit codes.")
        lst.add_argument("--kind", default="", choices=OrganisationKind.values)
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")
        show = sub.add_parser("show", help="Show one organisation.")
        show.add_argument("uscc")
        show.add_argument("--json", action="store_true", help="Print a JSON object.")
        add_import_parsers(sub, what="organisation")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            write_template(self, options, workbook_bytes(imports.template_sheets()))
            return
        if options["action"] == "import":
            by, upload = import_user(options), read_upload(options, imports.MAX_BYTES)
            run_import(
                self, options, preview=lambda: imports.organisations_preview(by=by, data=upload),
                run=lambda: imports.organisations_import(by=by, data=upload), key=lambda o: o.uscc,
                done=_("%(n)s organisations are registered."),
            )  # fmt: skip
            return
        if options["action"] == "list":
            rows = list(
                organisation_search(SystemViewer(), q=options["q"], kind=options["kind"]).values(
                    "uscc", "name_zh", "name_en", "kind", "province", "industry"
                )
            )
            if options["json"]:
                self.stdout.write(to_json(rows))
                return
            headers = ["uscc", "name_zh", "kind", "province", "industry"]
            table = [[r["uscc"], r["name_zh"], r["kind"], r["province"], r["industry"]] for r in rows]
            for line in render_table(headers, table):
                self.stdout.write(line)
            return
        org = organisation_get(SystemViewer(), options["uscc"])
        if org is None:
            raise CommandError(
                _("No organisation with the credit code %(uscc)s.") % {"uscc": options["uscc"]}
            )
        rep = org.legal_representative
        data = {
            "uscc": org.uscc,
            "name_zh": org.name_zh,
            "name_en": org.name_en,
            "kind": org.kind,
            "ownership": org.ownership,
            "province": org.province,
            "region_code": org.region_code,
            "industry": org.industry,
            "address": org.address,
            "legal_representative": rep.name_zh if rep else "",
            "is_demo": org.is_demo,
        }
        if options["json"]:
            self.stdout.write(to_json(data))
            return
        for line in render_table(["field", "value"], [[k, v] for k, v in data.items()])[1:]:
            self.stdout.write(line)
