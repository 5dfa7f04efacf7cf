"""``result list CODE``: an alliance's results register (filters, ``--json``); ``result show CODE/R00001``:
a result with its owners and their history; ``result check NUMBER…``: CNIPA patent numbers (exit 0 only
if all are valid); ``result template -o FILE``: the import template; ``result import CODE FILE --as USER``:
register every row of a filled-in template, or none (exit 1 with the refused rows);
``result access-list CODE/R00001``: the access requests to a result; ``result access-request CODE/R00001
--organisation USCC --purpose P --justification TEXT --as USER``: a member asks for access rights;
``result access-decide ID --to granted|refused [--terms T] [--note TEXT] --as USER``: the owners decide.
The operator reads everything (``SystemViewer``); writes act as the ``--as`` user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.core.exports import workbook_bytes
from itisa.core.identifiers import check_cn_patent
from itisa.registry.management.access import command_alliance
from itisa.registry.models import Organisation
from itisa.results import services
from itisa.results.choices import AccessPurpose, AccessTerms, ResultKind, ResultStatus
from itisa.results.imports import MAX_BYTES, results_import, template_sheets
from itisa.results.models import AccessRequest, Result
from itisa.results.rules import patent_failure_message
from itisa.results.selectors import access_request_get, access_requests_of, result_document, results_of


def _result(ref: str) -> Result:
    code, _sep, number = ref.partition("/")
    alliance = command_alliance(code)
    found = Result.objects.filter(alliance=alliance, code=number.upper()).first()
    if found is None:
        raise CommandError(_("No result %(ref)s (write CODE/R00001).") % {"ref": ref})
    return found


class Command(BaseCommand):
    help = "Results register: list, show, check patent numbers, import template, import."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="An alliance's results with their owners, newest first.")
        listing.add_argument("code", help="Alliance short code, e.g. CSA.")
        listing.add_argument("--q", default="", help="Text in the code, title, number or an owner's name.")
        listing.add_argument("--kind", choices=ResultKind.values, help="Only results of this kind.")
        listing.add_argument("--status", choices=ResultStatus.values, help="Only results with this status.")
        listing.add_argument("--publicly-funded", action="store_true", help="Only publicly funded results.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        show = sub.add_parser(
            "show", help="A result: owners and their history, contributions, people, funding."
        )
        show.add_argument("ref", help="CODE/RESULT, e.g. CSA/R00001.")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        check = sub.add_parser(
            "check", help="Check CNIPA patent application numbers; exit 0 only if all are valid."
        )
        check.add_argument("numbers", nargs="+", help="e.g. ZL201811564288.X 99113861.9")
        check.add_argument("--json", action="store_true", help="Print JSON.")
        template = sub.add_parser("template", help="Write the Excel import template.")
        template.add_argument("-o", "--output", required=True, help="File to write (.xlsx).")
        imp = sub.add_parser("import", help="Register every row of a filled-in template, or none.")
        imp.add_argument("code", help="Alliance short code, e.g. CSA.")
        imp.add_argument("file", help="The filled-in template (.xlsx).")
        imp.add_argument("--as", dest="username", required=True, help="Your username (the secretariat).")
        imp.add_argument("--json", action="store_true", help="Print JSON.")
        alist = sub.add_parser("access-list", help="The access requests to a result, newest first.")
        alist.add_argument("ref", help="CODE/RESULT, e.g. CSA/R00001.")
        alist.add_argument("--json", action="store_true", help="Print JSON.")
        areq = sub.add_parser(
            "access-request", help="A member asks for access rights to a result it does not own."
        )
        areq.add_argument("ref", help="CODE/RESULT, e.g. CSA/R00001.")
        areq.add_argument("--organisation", required=True, help="Credit code of the requesting member.")
        areq.add_argument(
            "--purpose", required=True, choices=AccessPurpose.values, help="What the access is for."
        )
        areq.add_argument("--justification", required=True, help="Why the member needs access.")
        areq.add_argument(
            "--as", dest="username", required=True, help="Your username (the member's contact)."
        )
        areq.add_argument("--json", action="store_true", help="Print JSON.")
        adec = sub.add_parser("access-decide", help="The owners grant access with terms or refuse it.")
        adec.add_argument("id", type=int, help="The access request's id (see access-list).")
        adec.add_argument("--to", required=True, choices=["granted", "refused"], help="The decision.")
        adec.add_argument("--terms", default="", choices=["", *AccessTerms.values], help="Terms (granted).")
        adec.add_argument("--note", default="", help="Conditions (granted) or the reason (refused).")
        adec.add_argument("--as", dest="username", required=True, help="Your username (an owner's contact).")
        adec.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action'].replace('-', '_')}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        qs = results_of(
            viewer, command_alliance(options["code"], viewer=viewer), q=options["q"], kind=options.get("kind") or "",
            status=options.get("status") or "", publicly_funded=True if options["publicly_funded"] else None,
        )  # fmt: skip
        rows: list[dict[str, Any]] = [
            {"code": r.code, "kind": r.kind, "title_zh": r.title_zh, "number": r.number, "status": r.status,
             "project": r.project.code if r.project else None, "publicly_funded": r.publicly_funded,
             "owners": [{"organisation": o.organisation.uscc, "share": str(o.share)}
                        for o in (r.ownership.owners.all() if r.ownership else [])]}
            for r in qs
        ]  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Code"), _("Kind"), _("Title"), _("Number"), _("Status"), _("Owners")]
        table = [[r["code"], r["kind"], r["title_zh"], r["number"], r["status"],
                  "; ".join(f"{o['organisation']} {o['share']}%" for o in r["owners"])] for r in rows]  # fmt: skip
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        doc = result_document(SystemViewer(), _result(options["ref"]))
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        self.stdout.write(
            f"{doc['alliance']}/{doc['code']} {doc['title_zh']} [{doc['kind']}, {doc['status']}]"
        )
        if doc["number"]:
            self.stdout.write(f"  {doc['number']}")
        for line in render_table(
            [_("Owner"), _("Share (%)")], [[o["name_zh"], o["share"]] for o in doc["owners"]]
        ):
            self.stdout.write(line)

    def _check(self, options: dict[str, Any]) -> None:
        rows = []
        for raw in options["numbers"]:
            checked = check_cn_patent(raw)
            rows.append({"input": raw, "number": checked.number, "valid": checked.valid,
                         "type": checked.patent_type, "reason": "" if checked.valid else patent_failure_message(checked)})  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(rows))
        else:
            for r in rows:
                self.stdout.write(
                    f"{r['number']}: " + (_("valid") + f" ({r['type']})" if r["valid"] else r["reason"])
                )
        if not all(r["valid"] for r in rows):
            raise CommandError(_("%(n)s of %(total)s numbers are not valid.") % {
                "n": sum(not r["valid"] for r in rows), "total": len(rows)}, returncode=1)  # fmt: skip

    def _template(self, options: dict[str, Any]) -> None:
        Path(options["output"]).write_bytes(workbook_bytes(template_sheets()))
        self.stdout.write(_("Wrote %(file)s.") % {"file": options["output"]})

    def _import(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        alliance = command_alliance(options["code"], viewer=user)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": path})
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
        try:
            created = results_import(by=user, alliance=alliance, data=data)
        except DomainError as exc:
            if options["json"]:
                self.stdout.write(to_json({"imported": 0, "message": exc.message, "refused": exc.fields}))
            raise CommandError(error_text(exc), returncode=1) from exc
        if options["json"]:
            self.stdout.write(to_json({"imported": len(created), "codes": [r.code for r in created]}))
            return
        self.stdout.write(_("%(n)s results are registered.") % {"n": len(created)})

    def _access_rows(self, rows: list[AccessRequest]) -> list[dict[str, Any]]:
        return [
            {"id": a.pk, "result": f"{a.result.alliance.code}/{a.result.code}", "organisation": a.organisation.uscc,
             "name_zh": a.organisation.name_zh, "purpose": a.purpose, "justification": a.justification,
             "status": a.status, "window_ends_on": a.window_ends_on, "requested_at": a.requested_at,
             "terms": a.terms, "decision_note": a.decision_note,
             "decided_for": a.decided_for.uscc if a.decided_for else None, "decided_at": a.decided_at}
            for a in rows
        ]  # fmt: skip

    def _print_access(self, rows: list[dict[str, Any]], as_json: bool) -> None:
        if as_json:
            self.stdout.write(to_json(rows))
            return
        headers = [
            _("Id"),
            _("Member"),
            pgettext("access rights", "Purpose"),
            _("Status"),
            _("Terms"),
            _("Requested at"),
        ]
        table = [[r["id"], r["name_zh"], r["purpose"], r["status"], r["terms"], r["requested_at"].date().isoformat()]
                 for r in rows]  # fmt: skip
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _run(self, call: Any, as_json: bool) -> Any:
        try:
            return call()
        except DomainError as exc:
            if as_json:
                self.stdout.write(
                    to_json({"message": exc.message, "code": str(exc.code), "fields": exc.fields})
                )
            raise CommandError(error_text(exc), returncode=1) from exc

    def _access_list(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        result = _result(options["ref"])
        rows = list(access_requests_of(viewer, result).select_related("result__alliance"))
        self._print_access(self._access_rows(rows), options["json"])

    def _access_request(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        result = _result(options["ref"])
        org = (
            Organisation.objects.filter(uscc=options["organisation"].upper())
            .values_list("pk", flat=True)
            .first()
        )
        if org is None:
            raise CommandError(
                _("No organisation with the credit code %(code)s.") % {"code": options["organisation"]}
            )
        row = self._run(lambda: services.access_request_submit(by=user, result=result, data=services.AccessRequestInput(
            organisation=org, purpose=options["purpose"], justification=options["justification"])), options["json"])  # fmt: skip
        self._print_access(self._access_rows([access_request_get(SystemViewer(), row.pk)]), options["json"])

    def _access_decide(self, options: dict[str, Any]) -> None:
        user = acting_user(options["username"])
        try:
            access = access_request_get(SystemViewer(), options["id"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self._run(lambda: services.access_request_decide(by=user, request=access, data=services.AccessDecisionInput(
            to=options["to"], terms=options["terms"], note=options["note"])), options["json"])  # fmt: skip
        self._print_access(
            self._access_rows([access_request_get(SystemViewer(), access.pk)]), options["json"]
        )
