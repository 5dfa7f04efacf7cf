"""``representative show|apply|confirm|reject|name|remove``: organisations' appointed representatives and
the people they name.

``show`` reads everything (the operator, ``SystemViewer``), ``--json`` for scripts. The writes act as the
system (audit actor "system", who may do everything, as ``role grant`` does) or, with ``--as USER``, as
that user with that user's permission. A person is a username or an e-mail address.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.commands.user import domain_error_text
from itisa.accounts.management.output import command_actor, render_table, to_json
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.registry.models import Organisation
from itisa.representatives import services
from itisa.representatives.choices import Function
from itisa.representatives.models import Appointment
from itisa.representatives.selectors import find_person, representation_document, representation_of


class Command(BaseCommand):
    help = (
        "Appointed representatives: show USCC | apply USCC [--person P] | confirm ID | reject ID --reason T"
        " | name USCC FUNCTION PERSON | remove USCC FUNCTION PERSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser(
            "show", help="The organisation's representative, people by function, appointments."
        )
        show.add_argument("uscc")
        show.add_argument("--json", action="store_true", help="Print a JSON object.")
        apply = sub.add_parser(
            "apply", help="Apply (or propose a person) to be the appointed representative."
        )
        apply.add_argument("uscc")
        apply.add_argument("--person", default="", help="Username or e-mail (default: the --as user).")
        apply.add_argument("--statement", default="", help="How the organisation appointed the person.")
        confirm = sub.add_parser("confirm", help="Confirm a pending appointment.")
        confirm.add_argument("id", type=int)
        reject = sub.add_parser("reject", help="Reject a pending appointment with a reason.")
        reject.add_argument("id", type=int)
        reject.add_argument("--reason", required=True)
        for name, text in (
            ("name", "Name a person to a function."),
            ("remove", "Remove a person from a function."),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("uscc")
            p.add_argument("function", choices=Function.values)
            p.add_argument("person", help="Username or e-mail address.")
            if name == "name":
                p.add_argument("--legal-name", default="", help="Legal representative's name on the licence.")
        for p in (apply, confirm, reject, *[sub.choices[n] for n in ("name", "remove")]):
            p.add_argument(
                "--as", dest="username", default="", help="Act as this user (default: the system)."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc

    def _actor(self, username: str) -> User | None:
        return command_actor(username)

    def _person(self, text: str) -> User:
        user = find_person(text)
        if user is None:
            raise CommandError(_("No active account with this username or e-mail address."))
        return user

    def _organisation(self, uscc: str) -> Organisation:
        org = Organisation.objects.filter(uscc=uscc.strip().upper()).first()
        if org is None:
            raise CommandError(_("No organisation with the credit code %(uscc)s.") % {"uscc": uscc})
        return org

    def _appointment(self, pk: int) -> Appointment:
        obj = Appointment.objects.select_related("organisation", "user").filter(pk=pk).first()
        if obj is None:
            raise CommandError(_("No appointment %(id)s.") % {"id": pk})
        return obj

    def _show(self, options: dict[str, Any]) -> None:
        doc = representation_document(representation_of(self._organisation(options["uscc"])))
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        self.stdout.write(_("Appointed representative: %(user)s") % {"user": doc["representative"] or "—"})
        rows = [[p["function"], p["user"], ", ".join(p["alliances"]) or "—"] for p in doc["people"]]
        for line in render_table([_("Function"), _("Person"), _("Alliances")], rows):
            self.stdout.write(line)

    def _apply(self, options: dict[str, Any]) -> None:
        by = self._actor(options["username"])
        candidate = self._person(options["person"]) if options["person"] else None
        obj = services.appointment_apply(by=by, organisation=self._organisation(options["uscc"]),
                                         candidate=candidate, statement=options["statement"])  # fmt: skip
        self.stdout.write(_("Appointment %(id)s awaits confirmation.") % {"id": obj.pk})

    def _confirm(self, options: dict[str, Any]) -> None:
        obj = services.appointment_confirm(
            by=self._actor(options["username"]), appointment=self._appointment(options["id"])
        )
        self.stdout.write(_("Appointment %(id)s confirmed.") % {"id": obj.pk})

    def _reject(self, options: dict[str, Any]) -> None:
        obj = services.appointment_reject(by=self._actor(options["username"]),
                                          appointment=self._appointment(options["id"]), reason=options["reason"])  # fmt: skip
        self.stdout.write(_("Appointment %(id)s rejected.") % {"id": obj.pk})

    def _name(self, options: dict[str, Any]) -> None:
        person = self._person(options["person"])
        services.function_name(by=self._actor(options["username"]), organisation=self._organisation(options["uscc"]),
                               function=options["function"], person=person, legal_name=options["legal_name"])  # fmt: skip
        self.stdout.write(_("%(person)s named.") % {"person": person.username})

    def _remove(self, options: dict[str, Any]) -> None:
        person = self._person(options["person"])
        services.function_remove(by=self._actor(options["username"]), organisation=self._organisation(options["uscc"]),
                                 function=options["function"], person=person)  # fmt: skip
        self.stdout.write(_("%(person)s removed.") % {"person": person.username})
