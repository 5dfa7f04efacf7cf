"""``manage.py audit``: keys, signed checkpoints, export, verification and listing of the audit log.

The command only translates arguments and output; the work is done by ``itisa.audit.checkpoints``,
``itisa.audit.verify`` and ``itisa.audit.selectors``.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext

from itisa.audit.checkpoints import (
    Checkpoint,
    SigningKeyError,
    checkpoint_append,
    checkpoint_sign,
    checkpoints_read,
    public_key_b64,
    signing_key_create,
    signing_key_load,
)
from itisa.audit.records import EntryRecord, MalformedLine, records_from_export
from itisa.audit.selectors import chain_head, chain_records, last_entry, recent_entries
from itisa.audit.verify import PROGRESS_EVERY, VerifyResult, verify_database, verify_entries


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(gettext("must be a positive whole number"))
    return value


def _object_ref(text: str) -> tuple[str, str]:
    object_type, sep, object_id = text.partition(":")
    if not sep or not object_type or not object_id:
        raise argparse.ArgumentTypeError(gettext("use TYPE:ID, for example registry.alliance:12"))
    return object_type, object_id


def _display_width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    """One table row: every cell but the last padded to its width; the first right-aligned."""
    padded = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=False)):
        fill = " " * max(width - _display_width(cell), 0)
        padded.append(fill + cell if index == 0 else cell + fill)
    return "  ".join([*padded, *cells[len(widths) :]])


class Command(BaseCommand):
    help = "Audit log tools: keygen, checkpoint, export, verify and list (see `audit SUBCOMMAND --help`)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        keygen = sub.add_parser(
            "keygen",
            help=gettext("create the Ed25519 key that signs checkpoints"),
            description=gettext(
                "Write a new Ed25519 private key (PEM, mode 0600) to ITISA_AUDIT_SIGNING_KEY "
                "and print its public key."
            ),
        )
        keygen.add_argument("--force", action="store_true", help=gettext("replace an existing key"))

        checkpoint = sub.add_parser(
            "checkpoint",
            help=gettext("sign the current head of the chain"),
            description=gettext(
                "Verify the chain, sign its head (sequence number and hash) with the signing key, "
                "append the checkpoint to the checkpoints file and print it."
            ),
        )
        self._add_checkpoints_option(checkpoint)
        checkpoint.add_argument(
            "--skip-verify", action="store_true", help=gettext("sign without verifying the chain first")
        )

        export = sub.add_parser(
            "export",
            help=gettext("write every entry as JSON Lines"),
            description=gettext("Write every entry, oldest first, one JSON object per line."),
        )
        export.add_argument(
            "--output", type=Path, metavar="FILE", help=gettext("file to write (default: stdout)")
        )

        verify = sub.add_parser(
            "verify",
            help=gettext("verify the chain and the checkpoints"),
            description=gettext(
                "Verify the hash chain in the database (or in an export file) and every signed checkpoint. "
                "Exits non-zero and names the first bad sequence number when something is wrong."
            ),
        )
        verify.add_argument("--export", type=Path, metavar="FILE", help=gettext("verify this export file"))
        self._add_checkpoints_option(verify)
        verify.add_argument(
            "--public-key",
            action="append",
            default=[],
            metavar="BASE64",
            help=gettext(
                "trust checkpoints signed by this public key (repeatable; default: the signing key's)"
            ),
        )

        listing = sub.add_parser(
            "list",
            help=gettext("show the latest entries"),
            description=gettext("Show the latest entries, newest first."),
        )
        listing.add_argument(
            "--object", type=_object_ref, metavar="TYPE:ID", help=gettext("only entries about this object")
        )
        listing.add_argument(
            "--json", action="store_true", help=gettext("print JSON Lines instead of a table")
        )
        listing.add_argument(
            "--limit",
            type=_positive_int,
            default=20,
            metavar="N",
            help=gettext("how many entries (default 20)"),
        )

    @staticmethod
    def _add_checkpoints_option(parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            metavar="FILE",
            help=gettext("checkpoints file (default: ITISA_AUDIT_CHECKPOINTS)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "keygen": self.keygen,
            "checkpoint": self.checkpoint,
            "export": self.export,
            "verify": self.verify,
            "list": self.list_entries,
        }
        try:
            handlers[options["subcommand"]](options)
        except (SigningKeyError, MalformedLine) as exc:
            raise CommandError(str(exc)) from exc

    # keygen -----------------------------------------------------------------------------------------
    def keygen(self, options: dict[str, Any]) -> None:
        path = Path(settings.ITISA_AUDIT_SIGNING_KEY)
        key = signing_key_create(path, force=options["force"])
        self.stderr.write(gettext("Wrote the signing key to %(path)s (mode 0600).") % {"path": path})
        self.stdout.write(public_key_b64(key))

    # checkpoint -------------------------------------------------------------------------------------
    def checkpoint(self, options: dict[str, Any]) -> None:
        key = signing_key_load(Path(settings.ITISA_AUDIT_SIGNING_KEY))
        path = options["checkpoints"] or Path(settings.ITISA_AUDIT_CHECKPOINTS)
        if not options["skip_verify"]:
            existing = list(checkpoints_read(path)) if path.exists() else []
            result = verify_database(
                checkpoints=existing, trusted_keys=frozenset({public_key_b64(key)}), progress=self._progress
            )
            self._fail_unless_ok(result)
            # sign exactly the head that was verified, not one appended since
            seq, digest = result.head_seq, result.head_hash
        else:
            head = last_entry()
            seq, digest = (head.seq, head.hash) if head is not None else (0, "")
        if not seq:
            raise CommandError(gettext("The audit log is empty; there is nothing to sign."))
        checkpoint = checkpoint_sign(key, seq=seq, hash=digest, at=timezone.now())
        checkpoint_append(path, checkpoint)
        self.stdout.write(checkpoint.to_json_line())

    # export -----------------------------------------------------------------------------------------
    def export(self, options: dict[str, Any]) -> None:
        head = chain_head()
        records = chain_records(up_to=head.seq if head is not None else None)
        output: Path | None = options["output"]
        if output is None:
            count = self._write_records(records, self.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = self._write_records(records, handle)
        self.stderr.write(gettext("Exported %(count)s entries.") % {"count": count})

    def _write_records(self, records: Iterator[EntryRecord], out: Any) -> int:
        count = 0
        for record in records:
            out.write(record.to_json_line() + "\n")
            count += 1
            if count % PROGRESS_EVERY == 0:
                self.stderr.write(gettext("… %(count)s entries") % {"count": count})
        return count

    # verify -----------------------------------------------------------------------------------------
    def verify(self, options: dict[str, Any]) -> None:
        checkpoints = self._checkpoints_for_verify(options["checkpoints"])
        trusted = self._trusted_keys(options["public_key"])
        if checkpoints and trusted is None:
            # a checkpoint signed by whatever key it carries proves nothing: whoever rewrote the
            # database could have re-signed it
            raise CommandError(
                gettext(
                    "Checkpoints cannot be trusted without our public key: give --public-key or make the "
                    "signing key available."
                )
            )
        if options["export"] is None:
            result = verify_database(checkpoints=checkpoints, trusted_keys=trusted, progress=self._progress)
        else:
            with self._open_export(options["export"]) as handle:
                result = verify_entries(
                    records_from_export(handle),
                    checkpoints=checkpoints,
                    trusted_keys=trusted,
                    progress=self._progress,
                )
        self._fail_unless_ok(result)
        if options["export"] is None:
            from itisa.audit.consistency import run_consistency_checks

            problems = run_consistency_checks()
            if problems:
                for problem in problems:
                    self.stderr.write(problem)
                raise CommandError(
                    gettext("%(n)s records differ from what the audit chain recorded.") % {"n": len(problems)}
                )
        self.stdout.write(
            gettext("OK: %(count)s entries, head #%(seq)s %(hash)s")
            % {"count": result.count, "seq": result.head_seq, "hash": result.head_hash}
        )
        self.stderr.write(gettext("%(count)s checkpoints verified.") % {"count": result.checkpoints})

    def _checkpoints_for_verify(self, given: Path | None) -> list[Checkpoint]:
        if given is not None:
            if not given.exists():
                raise CommandError(gettext("No checkpoints file at %(path)s.") % {"path": given})
            return list(checkpoints_read(given))
        default = Path(settings.ITISA_AUDIT_CHECKPOINTS)
        if not default.exists():
            self.stderr.write(
                gettext("No checkpoints file at %(path)s; checking the chain only.") % {"path": default}
            )
            return []
        return list(checkpoints_read(default))

    def _trusted_keys(self, given: list[str]) -> frozenset[str] | None:
        if given:
            return frozenset(given)
        key_path = Path(settings.ITISA_AUDIT_SIGNING_KEY)
        if not key_path.exists():
            self.stderr.write(
                gettext(
                    "No signing key at %(path)s; checkpoints are checked against the public keys they carry."
                )
                % {"path": key_path}
            )
            return None
        return frozenset({public_key_b64(signing_key_load(key_path))})

    @contextmanager
    def _open_export(self, path: Path) -> Iterator[TextIO]:
        try:
            handle = path.open(encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                gettext("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        with handle:
            yield handle

    def _fail_unless_ok(self, result: VerifyResult) -> None:
        if result.problem is not None:
            problem = result.problem
            raise CommandError(
                gettext("Verification failed at #%(seq)s (%(code)s): %(message)s")
                % {"seq": problem.seq, "code": problem.code.value, "message": problem.message}
            )

    def _progress(self, count: int) -> None:
        self.stderr.write(gettext("… %(count)s entries verified") % {"count": count})

    # list -------------------------------------------------------------------------------------------
    def list_entries(self, options: dict[str, Any]) -> None:
        object_type, object_id = options["object"] or ("", "")
        entries = recent_entries(object_type=object_type, object_id=object_id, limit=options["limit"])
        if options["json"]:
            for entry in entries:
                self.stdout.write(EntryRecord.of(entry).to_json_line())
            return
        widths = (8, 19, 20, 36)
        header = (gettext("Seq"), gettext("Time"), gettext("Actor"), gettext("Action"), gettext("Object"))
        self.stdout.write(_row(header, widths))
        for entry in entries:
            at = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
            target = f"{entry.object_type}:{entry.object_id} {entry.object_repr}".strip(": ")
            self.stdout.write(_row((str(entry.seq), at, entry.actor_label, entry.action, target), widths))
