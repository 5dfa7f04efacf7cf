"""``licence list CODE``: an alliance's licences; ``licence show CODE/L0001``: a licence with its
receipts and their split; ``licence split CODE/L0001 SEQ``: a receipt's split lines, and with
``--approve --as USER`` the approval of the split (its journal entry drafted and submitted);
``licence transfers CODE``: the transfers with their state and the end of the objection window;
``licence contracts CODE``: the registered technology contracts. ``--json``
everywhere. The operator reads everything (``SystemViewer``); the approval acts as the ``--as`` user."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.licensing.models import Licence
from itisa.licensing.selectors import (
    access_licence,
    contract_document,
    contracts_of,
    licence_document,
    licences_of,
    receipt_document,
    receipts_with_lines,
    transfer_documents,
    transfers_of,
)
from itisa.licensing.services import receipt_approve_split
from itisa.registry.management.access import command_alliance


def _licence(ref: str) -> Licence:
    code, _sep, number = ref.partition("/")
    command_alliance(code)
    try:
        return access_licence(SystemViewer(), code, number.upper())
    except DomainError:
        raise CommandError(_("No licence %(ref)s (write CODE/L0001).") % {"ref": ref}) from None


class Command(BaseCommand):
    help = "Licences: list, show, a receipt's split (and its approval); transfers; technology contracts."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="An alliance's licences, by code.")
        listing.add_argument("code", help="Alliance short code, e.g. CSA.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        show = sub.add_parser("show", help="A licence with its receipts and their split.")
        show.add_argument("ref", help="CODE/LICENCE, e.g. CSA/L0001.")
        show.add_argument("--json", action="store_true", help="Print JSON.")
        split = sub.add_parser("split", help="A receipt's split lines; --approve --as USER approves it.")
        split.add_argument("ref", help="CODE/LICENCE, e.g. CSA/L0001.")
        split.add_argument("seq", type=int, help="The receipt's number under the licence, e.g. 1.")
        split.add_argument(
            "--approve", action="store_true", help="Approve the split (draft and submit its entry)."
        )
        split.add_argument("--as", dest="username", help="Your username (the secretariat), with --approve.")
        split.add_argument("--json", action="store_true", help="Print JSON.")
        transfers = sub.add_parser("transfers", help="An alliance's transfers with their state.")
        transfers.add_argument("code", help="Alliance short code, e.g. CSA.")
        transfers.add_argument("--json", action="store_true", help="Print JSON.")
        contracts = sub.add_parser("contracts", help="An alliance's registered technology contracts.")
        contracts.add_argument("code", help="Alliance short code, e.g. CSA.")
        contracts.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        rows = [
            {"code": x.code, "result": x.result.code, "licensee": x.licensee_name, "licensee_uscc": x.licensee_uscc,
             "exclusive": x.exclusive, "starts_on": x.starts_on, "ends_on": x.ends_on,
             "upfront_fee": str(x.upfront_fee), "report_months": x.report_months}
            for x in licences_of(viewer, command_alliance(options["code"], viewer=viewer))
        ]  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Code"), _("Result"), _("Licensee"), _("Exclusive"), _("From"), _("Until")]
        table = [
            [r["code"], r["result"], r["licensee"], r["exclusive"], r["starts_on"], r["ends_on"]]
            for r in rows
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        doc = licence_document(_licence(options["ref"]))
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        self.stdout.write(
            f"{doc['alliance']}/{doc['code']} {doc['result']} → {doc['licensee']} ({doc['licensee_uscc']})"
        )
        for line in render_table(
            [_("Receipt"), _("Received on"), _("Amount"), _("Entry")],
            [[r["seq"], r["received_on"], r["amount"], r["entry"]["status"] if r["entry"] else ""]
             for r in doc["receipts"]],
        ):  # fmt: skip
            self.stdout.write(line)

    def _split(self, options: dict[str, Any]) -> None:
        licence = _licence(options["ref"])
        receipt = licence.receipts.filter(seq=options["seq"]).first()
        if receipt is None:
            raise CommandError(
                _("No receipt %(seq)s under %(ref)s.") % {"seq": options["seq"], "ref": options["ref"]}
            )
        if options["approve"]:
            if not options.get("username"):
                raise CommandError(_("Say who approves: --as USER."))
            try:
                receipt_approve_split(by=acting_user(options["username"]), receipt=receipt)
            except DomainError as exc:
                raise CommandError(error_text(exc), returncode=1) from exc
        doc = receipt_document(receipts_with_lines().get(pk=receipt.pk))
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        for line in render_table(
            [_("Beneficiary"), _("Name"), _("Credit code"), _("Amount")],
            [[x["kind"], x["name"], x["organisation"] or "", x["amount"]] for x in doc["lines"]],
        ):
            self.stdout.write(line)
        if doc["entry"]:
            self.stdout.write(_("Journal entry %(id)s: %(status)s") % doc["entry"])

    def _transfers(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        rows = transfer_documents(list(transfers_of(viewer, alliance)), today=timezone.localdate())
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Code"), _("Result"), _("Transferor"), _("Transferee"), _("Price"), _("Objections until"),
                   _("State")]  # fmt: skip
        table = [
            [r["code"], r["result"], r["transferor_name"], r["transferee_name"], r["price"], r["objection_ends_on"],
             r["state"]]
            for r in rows
        ]  # fmt: skip
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _contracts(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["code"], viewer=viewer)
        rows = [contract_document(c) for c in contracts_of(viewer, alliance)]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = [_("Registration number"), _("Kind"), _("Licence"), _("Transfer"), _("Verified amount"),
                   _("Registered on")]  # fmt: skip
        table = [
            [
                r["number"],
                r["kind"],
                r["licence"] or "",
                r["transfer"] or "",
                r["verified_amount"],
                r["registered_on"],
            ]
            for r in rows
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)
