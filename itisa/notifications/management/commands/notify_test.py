"""``notify-test USERNAME``: send a test notification (inbox and e-mail) to check mail delivery."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from itisa.notifications.services import notify


class Command(BaseCommand):
    help = "Send a test notification to USERNAME: it appears in the inbox and is e-mailed if the user has an address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(username)s.") % {"username": options["username"]})
        with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
            subject = _("Test notification")
            body = _("This is a test notification from ITISA. If it reached you, notifications work.")
            url = reverse("notifications:inbox")
        notify(recipients=[user], kind="notifications.test", subject=subject, body=body, url=url, by=None)
        # the e-mail leaves when notify's transaction commits; a refused e-mail is logged on stderr
        if user.email:
            self.stdout.write(
                _("Notification sent to %(username)s and e-mailed to %(email)s.")
                % {"username": user.get_username(), "email": user.email}
            )
        else:
            self.stdout.write(
                _("Notification sent to %(username)s (no e-mail address).")
                % {"username": user.get_username()}
            )
