"""``token create``: a personal API token for a user; the secret is printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.commands.user import domain_error_text
from itisa.accounts.models import User
from itisa.accounts.services import api_token_create
from itisa.core.errors import DomainError


class Command(BaseCommand):
    help = "Create personal API tokens. The secret is shown only once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for USERNAME and print its secret once.")
        create.add_argument("username")
        create.add_argument("name", help="What the token is for, e.g. 'reporting script'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(username)s.") % {"username": options["username"]})
        try:
            _token, secret = api_token_create(by=user, name=options["name"])
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc
        self.stdout.write(secret)
