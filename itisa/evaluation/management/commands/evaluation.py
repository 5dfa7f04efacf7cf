"""``evaluation campaigns``: every campaign; ``evaluation open --title-zh T --year Y --opens D --ends D --due D,D,D,D,D
[--pilot CODE …] --as USER``: open a campaign; ``evaluation show ID``: one campaign's evaluations;
``evaluation advance EVALUATION verify|return|recheck|close_panel [--comment C] --as USER``; ``evaluation grade
EVALUATION A|B|C --reasons R --as USER``; ``evaluation rectification [ID --plan P | --passed/--failed --comment C]
--as USER``. ``--json`` everywhere. Reads are the operator's (``SystemViewer``); writes act as the ``--as`` user.
Exit status 1 on a refusal, with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.agreements.management.commands._common import acting_user, error_text
from itisa.core.errors import DomainError
from itisa.evaluation import services
from itisa.evaluation.api import advance, campaign_out, evaluation_out, rectification_out
from itisa.evaluation.selectors import (
    access_campaign,
    access_evaluation,
    access_rectification,
    campaigns_visible_to,
    evaluations_visible_to,
    rectifications_visible_to,
)
from itisa.pilots.choices import ApplicationStatus, Outcome
from itisa.pilots.models import Application

DATE = dt.date.fromisoformat


class Command(BaseCommand):
    help = "Formal evaluation of pilots (国科办政〔2012〕47号): campaigns, open, show, advance, grade, rectification."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("campaigns", help="Every campaign.").add_argument("--json", action="store_true")
        opened = sub.add_parser("open", help="Open a campaign with the pilots it covers.")
        opened.add_argument("--title-zh", required=True)
        opened.add_argument("--title-en", default="")
        opened.add_argument("--year", type=int, required=True)
        opened.add_argument("--opens", type=DATE, required=True, help="YYYY-MM-DD")
        opened.add_argument("--ends", type=DATE, required=True, help="YYYY-MM-DD")
        opened.add_argument("--due", required=True,
                            help="Five dates, comma-separated: self-evaluation, verification, panel, comments, decision.")  # fmt: skip
        opened.add_argument("--months", type=int, default=6, help="Months a B pilot has to rectify.")
        opened.add_argument(
            "--pilot", action="append", default=[], help="Alliance code of a published pilot."
        )
        opened.add_argument("--as", dest="username", required=True)
        opened.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="A campaign's evaluations.")
        show.add_argument("campaign", type=int)
        show.add_argument("--json", action="store_true")
        adv = sub.add_parser("advance", help="Move an evaluation on: verify, return, recheck, close_panel.")
        adv.add_argument("evaluation", type=int)
        adv.add_argument("to", choices=["verify", "return", "recheck", "close_panel"])
        adv.add_argument("--comment", default="")
        adv.add_argument("--as", dest="username", required=True)
        adv.add_argument("--json", action="store_true")
        grade = sub.add_parser("grade", help="Approve the grade of an evaluation.")
        grade.add_argument("evaluation", type=int)
        grade.add_argument("grade", choices=["A", "B", "C"])
        grade.add_argument("--reasons", required=True)
        grade.add_argument("--as", dest="username", required=True)
        grade.add_argument("--json", action="store_true")
        rect = sub.add_parser("rectification", help="Rectifications; submit a plan or record the check.")
        rect.add_argument("id", type=int, nargs="?")
        rect.add_argument("--plan", default="")
        rect.add_argument("--passed", action="store_true")
        rect.add_argument("--failed", action="store_true")
        rect.add_argument("--comment", default="")
        rect.add_argument("--as", dest="username", default="")
        rect.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except DomainError as exc:
            raise CommandError(error_text(exc)) from exc

    def _print(self, rows: list[dict[str, Any]], options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(to_json(rows))
            return
        if not rows:
            return
        keys = list(rows[0])
        for line in render_table(keys, [[r[k] if r[k] is not None else "" for k in keys] for r in rows]):
            self.stdout.write(line)

    def _campaigns(self, options: dict[str, Any]) -> None:
        self._print([campaign_out(c) for c in campaigns_visible_to(SystemViewer())], options)

    def _open(self, options: dict[str, Any]) -> None:
        by = acting_user(options["username"])
        dues = [DATE(d.strip()) for d in options["due"].split(",")]
        if len(dues) != 5:
            raise CommandError(_("Give five deadlines."))
        pilots = []
        for code in options["pilot"]:
            app = (Application.objects.filter(alliance__code=code, status=ApplicationStatus.PUBLISHED,
                                              outcome=Outcome.PILOT, evaluation__isnull=True)
                   .order_by("-pilot_until").first())  # fmt: skip
            if app is None:
                raise CommandError(
                    _("%(code)s is not a published pilot awaiting evaluation.") % {"code": code}
                )
            pilots.append(app)
        data = services.CampaignInput(
            title_zh=options["title_zh"], title_en=options["title_en"], year=options["year"],
            opens_on=options["opens"], ends_on=options["ends"], self_evaluation_due=dues[0],
            verification_due=dues[1], panel_due=dues[2], comments_due=dues[3], decision_due=dues[4],
            rectification_months=options["months"],
        )  # fmt: skip
        obj = services.campaign_open(by=by, data=data, applications=pilots)
        self._print([campaign_out(access_campaign(SystemViewer(), obj.pk))], options)

    def _show(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        campaign = access_campaign(viewer, options["campaign"])
        self._print(
            [evaluation_out(e, grade=True) for e in evaluations_visible_to(viewer, campaign=campaign)],
            options,
        )

    def _advance(self, options: dict[str, Any]) -> None:
        by = acting_user(options["username"])
        evaluation = access_evaluation(SystemViewer(), options["evaluation"])
        advance(by, evaluation, options["to"], options["comment"])
        self._print([evaluation_out(access_evaluation(SystemViewer(), evaluation.pk), grade=True)], options)

    def _grade(self, options: dict[str, Any]) -> None:
        by = acting_user(options["username"])
        evaluation = access_evaluation(SystemViewer(), options["evaluation"])
        services.evaluation_decide(
            by=by, evaluation=evaluation, grade=options["grade"], reasons=options["reasons"]
        )
        self._print([evaluation_out(access_evaluation(SystemViewer(), evaluation.pk), grade=True)], options)

    def _rectification(self, options: dict[str, Any]) -> None:
        viewer = SystemViewer()
        if options["id"] is None:
            self._print([rectification_out(r) for r in rectifications_visible_to(viewer)], options)
            return
        obj = access_rectification(viewer, options["id"])
        if options["plan"] or options["passed"] or options["failed"]:
            by = acting_user(options["username"])
            if options["plan"]:
                obj = services.rectification_plan_submit(by=by, rectification=obj, plan=options["plan"])
            else:
                obj = services.rectification_check(by=by, rectification=obj, passed=options["passed"],
                                                   comment=options["comment"])  # fmt: skip
        self._print([rectification_out(obj)], options)
