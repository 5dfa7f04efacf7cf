"""``role grant`` and ``role list``: scoped role assignments."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.management.commands.user import domain_error_text
from itisa.accounts.management.output import render_table, to_json
from itisa.accounts.models import RoleAssignment, User
from itisa.accounts.services import role_grant
from itisa.core.errors import DomainError


class Command(BaseCommand):
    help = "Grant and list roles. Acts as the system (audit actor 'system')."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser("grant", help="Grant a role with its scope.")
        grant.add_argument("username")
        grant.add_argument("role", choices=Role.values)
        grant.add_argument("--alliance", default="", help="Alliance short code (alliance roles).")
        grant.add_argument("--organisation", default="", help="Credit code of the member the user acts for.")
        grant.add_argument("--province", default="", help="Two-digit province code (provincial officers).")
        grant.add_argument("--industry", default="", help="GB/T 4754 section letter (association officers).")
        grant.add_argument(
            "--department", default="", help="Granting department (government fund supervisors)."
        )
        lst = sub.add_parser("list", help="List role assignments, of one user or of everyone.")
        lst.add_argument("username", nargs="?", default="")
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "grant":
            self._grant(options)
        else:
            self._list(options["username"], as_json=options["json"])

    def _grant(self, options: dict[str, Any]) -> None:
        # The registry sits above accounts in the layers: reach its models through the foreign keys.
        alliance_model = RoleAssignment._meta.get_field("alliance").related_model
        organisation_model = RoleAssignment._meta.get_field("organisation").related_model
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": options["username"]})
        alliance = organisation = None
        if options["alliance"]:
            alliance = alliance_model._default_manager.filter(
                code=options["alliance"].strip().upper()
            ).first()
            if alliance is None:
                raise CommandError(
                    _("No alliance with the short code %(code)s.") % {"code": options["alliance"]}
                )
        if options["organisation"]:
            organisation = organisation_model._default_manager.filter(
                uscc=options["organisation"].strip().upper()
            ).first()
            if organisation is None:
                raise CommandError(
                    _("No organisation with the credit code %(uscc)s.") % {"uscc": options["organisation"]}
                )
        try:
            role_grant(
                by=None,
                user=user,
                role=options["role"],
                alliance=alliance,
                organisation=organisation,
                province=options["province"],
                industry=options["industry"],
                department=options["department"],
            )
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc
        self.stdout.write(
            _("Granted %(role)s to %(username)s.") % {"role": options["role"], "username": user.username}
        )

    def _list(self, username: str, *, as_json: bool) -> None:
        qs = RoleAssignment.objects.select_related("user", "alliance", "organisation").order_by(
            "user__username", "role", "pk"
        )
        if username:
            if not User.objects.filter(username=username).exists():
                raise CommandError(_("No user %(username)s.") % {"username": username})
            qs = qs.filter(user__username=username)
        rows = [
            {
                "username": a.user.username,
                "role": a.role,
                "alliance": a.alliance.code if a.alliance else "",
                "organisation": a.organisation.uscc if a.organisation else "",
                "province": a.province,
                "industry": a.industry,
            }
            for a in qs
        ]
        if as_json:
            self.stdout.write(to_json(rows))
            return
        headers = ["username", "role", "alliance", "organisation", "province", "industry"]
        for line in render_table(headers, [list(r.values()) for r in rows]):
            self.stdout.write(line)
