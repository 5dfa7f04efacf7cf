"""``promotion problems|forming|endorse|withdraw``: key technical problems and endorsements of forming
alliances by provinces and industry bodies (Art. 11, 12 of 国科发政〔2008〕770号).

``problems`` lists the published problems (the operator reads what the public reads), by status, industry
and province. ``forming``, ``endorse`` and ``withdraw`` act as the officer named by ``--as``, with that
officer's scope and permission: endorsing is an officer's act, never the system's. ``--json`` for scripts.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.commands.user import domain_error_text
from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.promotion import selectors, services
from itisa.promotion.choices import ProblemStatus
from itisa.promotion.permissions import can_view_forming
from itisa.registry.management.access import command_alliance


class Command(BaseCommand):
    help = (
        "Key technical problems and endorsements: problems | forming --as USER | endorse CODE | withdraw ID."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        problems = sub.add_parser("problems", help="Published key technical problems, newest first.")
        problems.add_argument("--status", choices=[ProblemStatus.OPEN, ProblemStatus.CLOSED])
        problems.add_argument("--industry", default="", help="GB/T 4754 section letter.")
        problems.add_argument("--province", default="", help="Two-digit province code.")
        problems.add_argument("--json", action="store_true", help="Print a JSON array.")
        forming = sub.add_parser(
            "forming", help="Forming alliances and submitted proposals in an officer's scope."
        )
        forming.add_argument("--as", dest="username", required=True, help="The officer.")
        forming.add_argument("--json", action="store_true", help="Print a JSON object.")
        endorse = sub.add_parser("endorse", help="Endorse a forming alliance as an officer of its scope.")
        endorse.add_argument("code", help="Alliance short code.")
        endorse.add_argument("--statement", required=True)
        endorse.add_argument("--body", default="", help="province:37, association:B or ministry:C.")
        endorse.add_argument(
            "--problem", type=int, default=None, help="Id of one of the body's open problems."
        )
        endorse.add_argument("--as", dest="username", required=True, help="The officer.")
        withdraw = sub.add_parser("withdraw", help="Withdraw an endorsement of the officer's body.")
        withdraw.add_argument("id", type=int)
        withdraw.add_argument("--reason", required=True)
        withdraw.add_argument("--as", dest="username", required=True, help="The officer.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(domain_error_text(exc)) from exc

    def _officer(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": username})
        return user

    def _problems(self, options: dict[str, Any]) -> None:
        filters = selectors.ProblemFilters(status=options["status"] or "", industry=options["industry"],
                                           province=options["province"])  # fmt: skip
        docs = [selectors.problem_document(p) for p in selectors.problem_search(SystemViewer(), filters)]
        if options["json"]:
            self.stdout.write(to_json(docs))
            return
        headers = [_("Id"), _("Title"), _("Published by"), _("Industry"), _("Province"), _("Status")]
        rows = [
            [d["id"], d["title_zh"], d["body"], d["industry"], d["province"] or "-", d["status"]]
            for d in docs
        ]
        for line in render_table(headers, rows):
            self.stdout.write(line)

    def _forming(self, options: dict[str, Any]) -> None:
        user = self._officer(options["username"])
        decision = can_view_forming(user)
        if not decision:
            raise CommandError(str(decision.reason))
        alliances = list(selectors.forming_alliances(user))
        proposals = list(selectors.forming_proposals(user))
        by_alliance, by_proposal = selectors.active_endorsements(alliances=alliances, proposals=proposals)

        def bodies(rows: list[Any]) -> list[str]:
            return [e.body.key for e in rows]

        doc: dict[str, list[dict[str, Any]]] = {
            "alliances": [{"code": a.code, "name_zh": a.name_zh, "endorsed_by": bodies(by_alliance.get(a.pk, []))}
                          for a in alliances],
            "proposals": [{"id": p.pk, "code": p.code, "name_zh": p.name_zh,
                           "endorsed_by": bodies(by_proposal.get(p.pk, []))} for p in proposals],
        }  # fmt: skip
        if options["json"]:
            self.stdout.write(to_json(doc))
            return
        rows = [
            [a["code"], a["name_zh"], _("Forming"), ", ".join(a["endorsed_by"]) or "-"]
            for a in doc["alliances"]
        ]
        rows += [[f"#{p['id']} {p['code']}", p["name_zh"], _("Submitted"), ", ".join(p["endorsed_by"]) or "-"]
                 for p in doc["proposals"]]  # fmt: skip
        for line in render_table([_("Alliance"), _("Name"), _("Status"), _("Endorsed by")], rows):
            self.stdout.write(line)

    def _endorse(self, options: dict[str, Any]) -> None:
        user = self._officer(options["username"])
        alliance = command_alliance(options["code"], viewer=user)
        data = services.EndorsementInput(
            body=options["body"], statement=options["statement"], problem=options["problem"]
        )
        obj = services.endorsement_record(by=user, subject=alliance, data=data)
        self.stdout.write(
            _("Endorsement %(id)s of %(code)s recorded.") % {"id": obj.pk, "code": alliance.code}
        )

    def _withdraw(self, options: dict[str, Any]) -> None:
        user = self._officer(options["username"])
        obj = selectors.access_endorsement(user, options["id"])
        services.endorsement_withdraw(by=user, endorsement=obj, reason=options["reason"])
        self.stdout.write(_("Endorsement %(id)s withdrawn.") % {"id": obj.pk})
