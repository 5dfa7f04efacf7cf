"""``user create``: create a login as the system (set-up and operations)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.services import user_create
from itisa.core.errors import DomainError


def domain_error_text(exc: DomainError) -> str:
    """One message with the field errors appended, for stderr."""
    details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.fields.items())
    return f"{exc.message} {details}".strip()


class Command(BaseCommand):
    help = "Create users. Acts as the system (audit actor 'system')."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a user; without a password the login is disabled.")
        create.add_argument("username")
        group = create.add_mutually_exclusive_group()
        group.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        group.add_argument("--password", default=None, help="The password (visible in the process list).")
        create.add_argument("--superuser", action="store_true", help="Make the user an administrator.")
        create.add_argument("--display-name", default="")
        create.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError(_("No password on standard input."))
        try:
            user = user_create(
                by=None,
                username=options["username"],
                password=password,
                display_name=options["display_name"],
                email=options["email"],
                is_superuser=options["superuser"],
            )
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc
        self.stdout.write(_("Created user %(username)s.") % {"username": user.username})
