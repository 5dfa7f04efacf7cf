"""``proposal list|show|accept|return``: proposals to form an alliance, at the command line.

``list`` and ``show`` read every submitted or decided proposal (the operator reads like the national
office, ``SystemViewer``; drafts stay their proposers' own), ``--json`` for scripts. ``accept`` and
``return`` act ``--as`` the competent officer, with that officer's permission, through the same services
as the pages and the API: the system itself decides on no proposal.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.management.commands.user import domain_error_text
from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.founding import services
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.founding.selectors import proposal_document, proposals_for


class Command(BaseCommand):
    help = "Proposals to form an alliance: list | show ID | accept ID --as USER | return ID --reason T --as USER."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="Submitted and decided proposals, the longest waiting first.")
        lst.add_argument("--status", choices=[s for s in ProposalStatus.values if s != ProposalStatus.DRAFT],
                         default="", help="Only proposals in this status (default: all but drafts).")  # fmt: skip
        lst.add_argument("--json", action="store_true", help="Print a JSON array.")
        show = sub.add_parser("show", help="One proposal.")
        show.add_argument("id", type=int)
        show.add_argument("--json", action="store_true", help="Print a JSON object.")
        accept = sub.add_parser("accept", help="Accept a submitted proposal into the registry as forming.")
        accept.add_argument("id", type=int)
        accept.add_argument("--as", dest="username", required=True, help="The competent officer.")
        ret = sub.add_parser("return", help="Return a submitted proposal to its proposer with a reason.")
        ret.add_argument("id", type=int)
        ret.add_argument("--reason", required=True)
        ret.add_argument("--as", dest="username", required=True, help="The competent officer.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc

    def _actor(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": username})
        return user

    def _proposal(self, pk: int) -> AllianceProposal:
        obj = proposals_for(SystemViewer()).filter(pk=pk).first()
        if obj is None:
            raise CommandError(_("No proposal %(id)s.") % {"id": pk})
        return obj

    def _list(self, options: dict[str, Any]) -> None:
        qs = proposals_for(SystemViewer()).exclude(status=ProposalStatus.DRAFT)
        if options["status"]:
            qs = qs.filter(status=options["status"])
        docs = [proposal_document(p) for p in qs.order_by("submitted_at", "pk")]
        if options["json"]:
            self.stdout.write(to_json(docs))
            return
        headers = [
            _("Id"),
            _("Short code"),
            _("Name"),
            _("Scope"),
            _("Province"),
            _("Status"),
            _("Submitted at"),
        ]
        rows = [[d["id"], d["code"], d["name_zh"], d["scope"], d["province"], d["status"],
                 timezone.localtime(d["submitted_at"]).strftime("%Y-%m-%d %H:%M") if d["submitted_at"] else ""]
                for d in docs]  # fmt: skip
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _show(self, options: dict[str, Any]) -> None:
        doc = proposal_document(self._proposal(options["id"]))
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        for key, value in doc.items():
            self.stdout.write(f"{key}: {', '.join(value) if isinstance(value, list) else value}")

    def _accept(self, options: dict[str, Any]) -> None:
        obj = services.proposal_accept(
            by=self._actor(options["username"]), proposal=self._proposal(options["id"])
        )
        self.stdout.write(
            _("Proposal %(id)s accepted: %(code)s is in the registry as forming.")
            % {"id": obj.pk, "code": obj.code}
        )

    def _return(self, options: dict[str, Any]) -> None:
        obj = services.proposal_return(
            by=self._actor(options["username"]),
            proposal=self._proposal(options["id"]),
            reason=options["reason"],
        )
        self.stdout.write(_("Proposal %(id)s returned to its proposer.") % {"id": obj.pk})
