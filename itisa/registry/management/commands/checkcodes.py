"""``checkcodes uscc CODE...``: check unified social credit codes (GB 32100-2015, GB 11714-1997)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.core.identifiers import UsccStatus, check_uscc
from itisa.registry.services import uscc_failure_message


class Command(BaseCommand):
    help = "Check identifiers; exits 0 only when every code is valid."
    requires_system_checks: list[str] = []  # a pure check of the codes: no database, no settings to verify

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        uscc = sub.add_parser(
            "uscc",
            help="Check unified social credit codes: prints 'CODE valid', 'CODE invalid: …' or "
            "'CODE needs-confirmation: …' per code.",
        )
        uscc.add_argument("codes", nargs="+", metavar="CODE")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for raw in options["codes"]:
            result = check_uscc(raw)
            shown = result.code or raw
            if result.status is UsccStatus.VALID:
                self.stdout.write(f"{shown} valid")
                continue
            failed += 1
            message = uscc_failure_message(result.failure, result.expected)
            self.stdout.write(f"{shown} {result.status.value}: {message}")
        if failed:
            raise CommandError(
                _("%(failed)d of %(total)d codes are not valid.")
                % {"failed": failed, "total": len(options["codes"])},
                returncode=1,
            )
