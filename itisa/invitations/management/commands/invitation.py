"""``invitation list|create|revoke|resend``: invitations to roles, by e-mail.

``list`` shows every invitation (the operator reads everything, ``SystemViewer``), by status and
alliance, ``--json`` for scripts. ``create``, ``revoke`` and ``resend`` act as the system (audit actor
"system", who may invite to any role, as ``role grant`` does) or, with ``--as USER``, as that user with
that user's permission.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.management.commands.user import domain_error_text
from itisa.accounts.management.output import SystemViewer, command_actor, render_table, to_json
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.invitations import services
from itisa.invitations.choices import DEFAULT_DAYS, InvitationStatus
from itisa.invitations.models import Invitation
from itisa.invitations.selectors import invitation_document, invitations_for
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = "Invitations to roles, by e-mail: list | create EMAIL ROLE | revoke ID | resend ID."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="Invitations, newest first.")
        lst.add_argument("--status", choices=InvitationStatus.values, help="expired: pending past its time.")
        lst.add_argument("--alliance", default="", help="Alliance short code.")
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")
        create = sub.add_parser("create", help="Invite an e-mail address to a role; the link goes by e-mail.")
        create.add_argument("email")
        create.add_argument("role", choices=Role.values)
        create.add_argument("--alliance", default="", help="Alliance short code (alliance roles).")
        create.add_argument("--organisation", default="", help="Credit code of the member (member roles).")
        create.add_argument("--province", default="", help="Two-digit province code (provincial officers).")
        create.add_argument("--industry", default="", help="GB/T 4754 section letter (industry officers).")
        create.add_argument("--department", default="", help="Granting department (government supervisors).")
        create.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Days the link stays valid (1-60)."
        )
        create.add_argument("--language", default="zh-hans", help="Language of the e-mail: zh-hans or en.")
        create.add_argument(
            "--as", dest="username", default="", help="Act as this user (default: the system)."
        )
        for name, text in (("revoke", "Revoke a pending or expired invitation."),
                           ("resend", "Send an invitation again with a new link; the old one stops working.")):  # fmt: skip
            p = sub.add_parser(name, help=text)
            p.add_argument("id", type=int)
            p.add_argument(
                "--as", dest="username", default="", help="Act as this user (default: the system)."
            )
            if name == "resend":
                p.add_argument(
                    "--days", type=int, default=DEFAULT_DAYS, help="Days the new link stays valid."
                )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc

    def _actor(self, username: str) -> User | None:
        return command_actor(username)

    def _invitation(self, pk: int) -> Invitation:
        obj = (
            Invitation.objects.select_related("alliance", "organisation", "invited_by").filter(pk=pk).first()
        )
        if obj is None:
            raise CommandError(_("No invitation %(id)s.") % {"id": pk})
        return obj

    def _list(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        alliance = command_alliance(options["alliance"], viewer=viewer) if options["alliance"] else None
        docs = [
            invitation_document(x)
            for x in invitations_for(viewer, status=options["status"] or "", alliance=alliance)
        ]
        if options["json"]:
            self.stdout.write(to_json(docs))
            return
        headers = [_("Id"), _("E-mail address"), _("Role"), _("Alliance"), _("Status"), _("Expires at")]
        rows = [[d["id"], d["email"], d["role"], d["alliance"] or d["province"] or d["industry"], d["status"],
                 timezone.localtime(d["expires_at"]).strftime("%Y-%m-%d %H:%M")] for d in docs]  # fmt: skip
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _create(self, options: dict[str, Any]) -> None:
        data = services.InvitationInput(**{k: options[k] for k in (
            "email", "role", "alliance", "organisation", "province", "industry", "department", "days", "language")})  # fmt: skip
        obj, _secret = services.invitation_create(by=self._actor(options["username"]), data=data)
        self.stdout.write(_("Invitation %(id)s sent to %(email)s.") % {"id": obj.pk, "email": obj.email})

    def _revoke(self, options: dict[str, Any]) -> None:
        obj = services.invitation_revoke(
            by=self._actor(options["username"]), invitation=self._invitation(options["id"])
        )
        self.stdout.write(_("Invitation %(id)s revoked.") % {"id": obj.pk})

    def _resend(self, options: dict[str, Any]) -> None:
        obj, _secret = services.invitation_resend(by=self._actor(options["username"]),
                                                  invitation=self._invitation(options["id"]), days=options["days"])  # fmt: skip
        self.stdout.write(
            _("Invitation %(id)s sent again to %(email)s.") % {"id": obj.pk, "email": obj.email}
        )
