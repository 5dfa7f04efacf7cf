"""``agreement``: list, show, open, withdraw, statement, sign (with the signer's own key file), PDF, bundle,
verify."""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements import crypto
from itisa.agreements.bundle import build_bundle, verify_bundle
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.agreements.models import AgreementVersion
from itisa.agreements.pdf import render_pdf
from itisa.agreements.selectors import (
    signature_status,
    signing_terms,
    version_get,
    versions_with_signatories,
)
from itisa.agreements.services import signature_submit, version_open, version_withdraw
from itisa.core.errors import DomainError
from itisa.registry.management.access import command_alliance
from itisa.registry.models import Organisation

MAX_BUNDLE_BYTES = 300 * 1024 * 1024


def _version(label: str) -> AgreementVersion:
    version = version_get(SystemViewer(), label)
    if version is None:
        raise CommandError(_("No agreement version %(label)s (name it like CSA/v1).") % {"label": label})
    return version


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CommandError(str(exc)) from exc


class Command(BaseCommand):
    help = "Alliance agreements: list versions, show signatures, sign with your own key file, export, verify."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="An alliance's agreement versions with their status.")
        lst.add_argument("code", help="Alliance short code, e.g. CSA.")
        lst.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="A version's signatories and signatures.")
        show.add_argument("version", help="CODE/vN, e.g. CSA/v1.")
        show.add_argument("--json", action="store_true")
        sign = sub.add_parser(
            "sign", help="Sign a version's statement with your private key file and submit it."
        )
        sign.add_argument("version")
        sign.add_argument(
            "--key", required=True, metavar="FILE", help="Your private key (from `itisa keys new`)."
        )
        sign.add_argument("--as", dest="username", required=True, help="Your username (the key's holder).")
        sign.add_argument(
            "--organisation", metavar="USCC", help="The party you sign for, if you represent several."
        )
        stm = sub.add_parser(
            "statement",
            help="Write the exact bytes a party of a frozen version signs (sign them with `itisa keys sign`).",
        )
        stm.add_argument("version")
        stm.add_argument("-o", "--out", metavar="FILE", help="Write to FILE instead of printing.")
        opn = sub.add_parser("open", help="Send a draft for signature (secretariat).")
        opn.add_argument("version")
        opn.add_argument("--as", dest="username", required=True)
        wd = sub.add_parser(
            "withdraw", help="Withdraw a draft or a version open for signature (secretariat)."
        )
        wd.add_argument("version")
        wd.add_argument("--as", dest="username", required=True)
        wd.add_argument("--reason", required=True)
        pdf = sub.add_parser("pdf", help="Write a version as PDF.")
        pdf.add_argument("version")
        pdf.add_argument("-o", "--out", required=True, metavar="FILE")
        bundle = sub.add_parser("bundle", help="Write a verification bundle (zip with verify.sh).")
        bundle.add_argument("version")
        bundle.add_argument("-o", "--out", required=True, metavar="FILE.zip")
        verify = sub.add_parser("verify", help="Verify a bundle in Python (exit 0 valid, 1 invalid).")
        verify.add_argument("bundle", metavar="FILE.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"])(options)
        except DomainError as exc:
            raise CommandError(error_text(exc)) from exc

    def _list(self, options: dict[str, Any]) -> None:
        alliance = command_alliance(options["code"])
        rows = [
            {
                "label": v.label,
                "number": v.number,
                "kind": v.kind,
                "status": v.status,
                "digest": v.digest,
                "signatures": len(v.signatures.all()),
                "signatories": len(v.signatories.all()),
                "opened_at": v.opened_at.isoformat() if v.opened_at else None,
                "effective_at": v.effective_at.isoformat() if v.effective_at else None,
            }
            for v in versions_with_signatories(SystemViewer(), alliance)
        ]
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        headers = ["label", "kind", "status", "signed", "digest", "effective_at"]
        table = [
            [
                r["label"],
                r["kind"],
                r["status"],
                f"{r['signatures']}/{r['signatories']}",
                str(r["digest"])[:16],
                r["effective_at"] or "",
            ]
            for r in rows
        ]
        for line in render_table(headers, table):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        version = _version(options["version"])
        rows = [
            {
                "uscc": r.signatory.uscc,
                "name_zh": r.signatory.name_zh,
                "capacity": r.signatory.capacity,
                "signed": r.signature is not None,
                "signer": r.signature.signer_name if r.signature else None,
                "signed_at": r.signature.signed_at.isoformat() if r.signature else None,
                "key_id": r.signature.key.key_id if r.signature else None,
                "representative_changed": r.representative_changed,
            }
            for r in signature_status(version)
        ]
        if options["json"]:
            self.stdout.write(
                to_json(
                    {
                        "label": version.label,
                        "status": version.status,
                        "digest": version.digest,
                        "signatories": rows,
                    }
                )
            )
            return
        self.stdout.write(f"{version.label} {version.kind} {version.status} {version.digest}")
        headers = ["uscc", "name_zh", "capacity", "signer", "signed_at", "key_id"]
        for line in render_table(headers, [[r[h] or "" for h in headers] for r in rows]):
            self.stdout.write(line)

    def _sign(self, options: dict[str, Any]) -> None:
        version = _version(options["version"])
        user = acting_user(options["username"])
        try:
            private = crypto.load_private_key(Path(options["key"]).read_bytes()[:10000])
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except crypto.KeyFormatError as exc:
            raise CommandError(
                _("%(path)s is not an Ed25519 private key file.") % {"path": options["key"]}
            ) from exc
        if not version.digest:
            raise CommandError(_("This version is not open for signature."))
        # signed here, on the signer's machine; only the signature and the key id are submitted
        signature = private.sign(signing_terms(version).message)
        organisation_id = None
        if options.get("organisation"):
            org = Organisation.objects.filter(uscc=options["organisation"].strip().upper()).first()
            if org is None:
                raise CommandError(
                    _("No organisation with the credit code %(uscc)s.") % {"uscc": options["organisation"]}
                )
            organisation_id = org.pk
        record = signature_submit(
            by=user,
            version=version,
            key_id=crypto.key_id(crypto.raw_public(private)),
            signature=base64.b64encode(signature).decode("ascii"),
            organisation_id=organisation_id,
        )
        version.refresh_from_db(fields=["status"])
        self.stdout.write(f"signed {version.label} for {record.organisation.uscc} ({record.signer_name})")
        if version.status == "effective":
            self.stdout.write(f"{version.label} is now effective")

    def _statement(self, options: dict[str, Any]) -> None:
        version = _version(options["version"])
        if not version.digest:
            raise CommandError(_("A draft has no canonical form yet; send it for signature first."))
        terms = signing_terms(version)
        if options.get("out"):
            _write(options["out"], terms.message)
        elif terms.statement is not None:
            self.stdout.write(terms.statement.decode("ascii"), ending="")
        else:
            # statement format 1: the 32 digest bytes are signed; they are not text
            raise CommandError(
                _("%(label)s was opened before signing statements: write its 32 digest bytes with -o FILE.")
                % {"label": version.label}
            )

    def _open(self, options: dict[str, Any]) -> None:
        version = version_open(by=acting_user(options["username"]), version=_version(options["version"]))
        self.stdout.write(f"{version.label} open {version.digest}")

    def _withdraw(self, options: dict[str, Any]) -> None:
        version = version_withdraw(
            by=acting_user(options["username"]),
            version=_version(options["version"]),
            reason=options["reason"],
        )
        self.stdout.write(f"{version.label} withdrawn")

    def _pdf(self, options: dict[str, Any]) -> None:
        _write(options["out"], render_pdf(_version(options["version"])))
        self.stdout.write(options["out"])

    def _bundle(self, options: dict[str, Any]) -> None:
        _write(options["out"], build_bundle(_version(options["version"])))
        self.stdout.write(options["out"])

    def _verify(self, options: dict[str, Any]) -> None:
        try:
            with open(options["bundle"], "rb") as fh:
                data = fh.read(MAX_BUNDLE_BYTES + 1)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        problems = verify_bundle(data) if len(data) <= MAX_BUNDLE_BYTES else [_("The bundle is too large.")]
        if problems:
            for problem in problems:
                self.stdout.write(f"FAIL {problem}")
            sys.exit(1)
        self.stdout.write("All signatures verify.")
