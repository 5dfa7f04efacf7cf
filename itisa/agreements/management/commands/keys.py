"""``keys``: make an Ed25519 key pair locally, register its public half, confirm, revoke, list.

``keys new`` never touches the database: the private key is written to the signer's own file
(Electronic Signature Law art. 13). Only the public key is ever registered.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements import crypto, statement
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.agreements.selectors import key_get, keys_visible_to
from itisa.agreements.services import key_confirm, key_register, key_revoke
from itisa.core.errors import DomainError
from itisa.registry.models import Organisation


def write_private_key(path: Path, *, force: bool) -> bytes:
    """Write a new private key (PEM, mode 0600) and its public key (``.pub``); return the raw public key."""
    if path.exists() and not force:
        raise CommandError(_("%(path)s exists; use --force to overwrite it.") % {"path": path})
    key = crypto.new_private_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(crypto.private_pem(key))
    raw = crypto.raw_public(key)
    Path(f"{path}.pub").write_text(crypto.public_pem(raw), encoding="ascii")
    return raw


class Command(BaseCommand):
    help = "Signing keys: create a key pair locally, register, confirm, revoke and list public keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        new = sub.add_parser("new", help="Create an Ed25519 key pair in FILE (private, 0600) and FILE.pub.")
        new.add_argument("-o", "--out", required=True, metavar="FILE")
        new.add_argument("--force", action="store_true", help="Overwrite FILE if it exists.")
        reg = sub.add_parser(
            "register", help="Register a public key for an organisation's legal representative."
        )
        reg.add_argument("public_key", metavar="PUBFILE", help="PEM or base64 public key file.")
        reg.add_argument("--as", dest="username", required=True, help="The legal representative's username.")
        reg.add_argument("--organisation", required=True, metavar="USCC")
        reg.add_argument("--label", default="")
        con = sub.add_parser("confirm", help="Confirm a key's binding to its person (secretariat).")
        con.add_argument("key_id")
        con.add_argument("--as", dest="username", required=True)
        con.add_argument("--identity-check", required=True, help="How the holder's identity was checked.")
        rev = sub.add_parser("revoke", help="Revoke a key (its holder or the secretariat).")
        rev.add_argument("key_id")
        rev.add_argument("--as", dest="username", required=True)
        rev.add_argument("--reason", required=True)
        lst = sub.add_parser("list", help="List registered keys.")
        lst.add_argument("--json", action="store_true")
        sgn = sub.add_parser(
            "sign",
            help="Sign a statement file with your private key, here; print the key id and the base64 "
            "signature to paste on the sign page. No database.",
        )
        sgn.add_argument("statement", metavar="STATEMENT", help="The statement file from the sign page.")
        sgn.add_argument("--key", required=True, metavar="FILE", help="Your private key (`itisa keys new`).")
        sgn.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "new":
            raw = write_private_key(Path(options["out"]), force=options["force"])
            self.stdout.write(f"key id: {crypto.key_id(raw)}")
            self.stdout.write(f"private key: {options['out']} (keep it yourself; never upload it)")
            self.stdout.write(f"public key: {options['out']}.pub")
            self.stdout.write(crypto.public_pem(raw).rstrip("\n"))
            return
        if action == "list":
            self._list(options["json"])
            return
        if action == "sign":
            self._sign(options)
            return
        user = acting_user(options["username"])
        try:
            if action == "register":
                org = Organisation.objects.filter(uscc=options["organisation"].strip().upper()).first()
                if org is None:
                    raise CommandError(
                        _("No organisation with the credit code %(uscc)s.")
                        % {"uscc": options["organisation"]}
                    )
                try:
                    data = Path(options["public_key"]).read_bytes()[:10000]
                except OSError as exc:
                    raise CommandError(str(exc)) from exc
                key = key_register(
                    by=user,
                    organisation=org,
                    public_key=data.decode("ascii", "replace"),
                    label=options["label"],
                    origin="cli",
                )
                self.stdout.write(f"{key.key_id} {key.status}")
                return
            found = key_get(user, options["key_id"])
            if found is None:
                raise CommandError(
                    _("No signing key %(key_id)s that you may see.") % {"key_id": options["key_id"]}
                )
            if action == "confirm":
                changed = key_confirm(by=user, key=found, identity_check=options["identity_check"])
            else:
                changed = key_revoke(by=user, key=found, reason=options["reason"])
            self.stdout.write(f"{changed.key_id} {changed.status}")
        except DomainError as exc:
            raise CommandError(error_text(exc)) from exc

    def _list(self, as_json: bool) -> None:
        rows = [
            {
                "key_id": k.key_id,
                "person": k.person.name_zh,
                "organisation": k.organisation.uscc,
                "holder": k.holder.get_username() if k.holder else None,
                "status": k.status,
                "registered_at": k.registered_at.isoformat(),
            }
            for k in keys_visible_to(SystemViewer()).order_by("registered_at", "pk")
        ]
        if as_json:
            self.stdout.write(to_json(rows))
            return
        headers = ["key_id", "person", "organisation", "holder", "status", "registered_at"]
        for line in render_table(headers, [[r[h] or "" for h in headers] for r in rows]):
            self.stdout.write(line)

    def _sign(self, options: dict[str, Any]) -> None:
        """Sign the statement's exact bytes (the private key never leaves this machine)."""
        try:
            pem = Path(options["key"]).read_bytes()[:10000]
            message = Path(options["statement"]).read_bytes()[: 64 * 1024]
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            private = crypto.load_private_key(pem)
        except crypto.KeyFormatError as exc:
            raise CommandError(
                _("%(path)s is not an Ed25519 private key file.") % {"path": options["key"]}
            ) from exc
        if not statement.parse_statement(message) and len(message) != crypto.DIGEST_BYTES:
            raise CommandError(
                _("%(path)s is not a signing statement; download it from the sign page.")
                % {"path": options["statement"]}
            )
        key_id = crypto.key_id(crypto.raw_public(private))
        signature = base64.b64encode(private.sign(message)).decode("ascii")
        if options["json"]:
            self.stdout.write(to_json({"key_id": key_id, "signature": signature}))
            return
        self.stdout.write(f"key id: {key_id}")
        self.stdout.write(f"signature: {signature}")
