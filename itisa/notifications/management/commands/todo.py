"""``todo --user NAME [--kind CODE] [--json]``: a user's to-do list (待办), as the /todo/ page shows it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from itisa.accounts.management.output import render_table, to_json
from itisa.notifications.schemas import TodoOut
from itisa.notifications.services import language_of
from itisa.notifications.todo import todo_kinds, todos_for


class Command(BaseCommand):
    help = (
        "List what a user must do next (the same items as the /todo/ page and GET /api/todo), "
        "overdue first, in the user's language."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", dest="username", required=True, help="Whose to-do list.")
        parser.add_argument("--kind", default="", help="Only one kind of duty, e.g. agreements.version.sign.")
        parser.add_argument("--json", action="store_true", help="Print JSON (the API's items).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(username)s.") % {"username": options["username"]})
        kind = options["kind"]
        if kind and kind not in {k.code for k in todo_kinds()}:
            raise CommandError(
                _("Unknown kind of duty %(kind)s. Use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(k.code for k in todo_kinds())}
            )
        with translation.override(language_of(user)):
            items = todos_for(user, kind=kind)
            if options["json"]:
                self.stdout.write(to_json([TodoOut.from_orm(t).model_dump(mode="json") for t in items]))
                return
            if not items:
                self.stdout.write(_("Nothing to do."))
                return
            rows = [
                (
                    t.due.isoformat() if t.due else "—",
                    _("Overdue") if t.overdue else "",
                    t.alliance or "—",
                    f"{t.title} {t.subject}",
                    t.detail,
                    t.url,
                )
                for t in items
            ]
            headers = [_("Due"), "", _("Alliance"), _("To-do"), _("Detail"), _("Link")]
            for line in render_table(headers, rows):
                self.stdout.write(line)
