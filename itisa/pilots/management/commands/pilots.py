"""``pilots calls [--scope S] [--province P]``: the calls. ``pilots call-create …--as USER [--province P]``:
draft a call (a provincial one with ``--province``, as that province's officer).
``pilots applications CALL_ID [--status S]``: a call's applications.
``pilots scores APPLICATION_ID``: the experts' weighted totals, mean, spread and outliers.
``pilots publish CALL_ID --as USER``: publish a call's list as whoever runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.core.regions import Province
from itisa.pilots.choices import ApplicationStatus, CallScope
from itisa.pilots.selectors import (
    OUTLIER_POINTS,
    application_get,
    applications_visible_to,
    call_get,
    calls_visible_to,
    score_summary,
)
from itisa.pilots.services import CallInput, call_create, call_publish


class Command(BaseCommand):
    help = "The pilot program: calls, applications, expert scores, publication."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        calls = sub.add_parser("calls", help="Every call with its window, rule set and status.")
        calls.add_argument("--scope", choices=CallScope.values, help="Only calls of this programme.")
        calls.add_argument("--province", choices=Province.values, help="Only calls of this province.")
        calls.add_argument("--json", action="store_true", help="Print JSON.")
        create = sub.add_parser(
            "call-create", help="Draft a call (provincial with --province, by that province's officer)."
        )
        create.add_argument("--title-zh", required=True, help="Title in Chinese.")
        create.add_argument("--title-en", default="", help="Title in English.")
        create.add_argument(
            "--opens", required=True, type=dt.date.fromisoformat, help="Opening day (YYYY-MM-DD)."
        )
        create.add_argument(
            "--closes", required=True, type=dt.date.fromisoformat, help="Closing day (YYYY-MM-DD)."
        )
        create.add_argument("--rules", default="2008", help="Eligibility rule set (2008 | 2016).")
        create.add_argument(
            "--max",
            dest="max_pilots",
            type=int,
            required=True,
            help="Maximum of pilots (of recognised alliances).",
        )
        create.add_argument(
            "--max-cultivation", type=int, default=0, help="Maximum of cultivation alliances."
        )
        create.add_argument(
            "--province", choices=Province.values, help="A provincial programme's call for this province."
        )
        create.add_argument(
            "--recommendation-required", action="store_true", help="Expert review only once recommended."
        )
        create.add_argument("--as", dest="username", required=True, help="Username of the officer.")
        create.add_argument("--json", action="store_true", help="Print JSON.")
        apps = sub.add_parser("applications", help="The applications to a call.")
        apps.add_argument("call", type=int, help="Call id.")
        apps.add_argument(
            "--status", choices=ApplicationStatus.values, help="Only applications with this status."
        )
        apps.add_argument("--json", action="store_true", help="Print JSON.")
        scores = sub.add_parser("scores", help="Weighted totals per expert, mean, spread and outliers.")
        scores.add_argument("application", type=int, help="Application id.")
        scores.add_argument("--json", action="store_true", help="Print JSON.")
        publish = sub.add_parser(
            "publish", help="Publish a closed call's list (selected pilots become pilots)."
        )
        publish.add_argument("call", type=int, help="Call id.")
        publish.add_argument(
            "--as", dest="username", required=True, help="Username of a national office officer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "calls":
            self._calls(
                options["json"], scope=options.get("scope") or "", province=options.get("province") or ""
            )
        elif action == "call-create":
            self._create(options)
        elif action == "applications":
            self._applications(options["call"], options.get("status") or "", options["json"])
        elif action == "scores":
            self._scores(options["application"], options["json"])
        else:
            self._publish(options["call"], options["username"])

    def _call(self, pk: int) -> Any:
        call = call_get(SystemViewer(), pk)
        if call is None:
            raise CommandError(_("No call with the id %(id)s.") % {"id": pk})
        return call

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": username})
        return user

    def _create(self, options: dict[str, Any]) -> None:
        province = options.get("province") or ""
        data = CallInput(
            scope=CallScope.PROVINCIAL if province else CallScope.NATIONAL, province=province,
            recommendation_required=options["recommendation_required"], title_zh=options["title_zh"],
            title_en=options["title_en"], opens_on=options["opens"], closes_on=options["closes"],
            rules=options["rules"], max_pilots=options["max_pilots"], max_cultivation=options["max_cultivation"],
        )  # fmt: skip
        try:
            call = call_create(by=self._user(options["username"]), data=data)
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.fields or ''}".strip()) from exc
        if options["json"]:
            self.stdout.write(to_json(_call_data(call)))
            return
        self.stdout.write(
            _("Drafted the call “%(call)s” (id %(id)s).") % {"call": call.title_zh, "id": call.pk}
        )

    def _calls(self, as_json: bool, *, scope: str = "", province: str = "") -> None:
        data = [_call_data(c) for c in calls_visible_to(SystemViewer(), scope=scope, province=province)]
        if as_json:
            self.stdout.write(to_json(data))
            return
        rows = [
            [
                d["id"],
                d["status"],
                d["province"] or d["scope"],
                f"{d['opens_on']}..{d['closes_on']}",
                d["rules"],
                d["applications"],
                d["title_zh"],
            ]
            for d in data
        ]
        for line in render_table(
            ["id", "status", "programme", "window", "rules", "applications", "title"], rows
        ):
            self.stdout.write(line)

    def _applications(self, pk: int, status: str, as_json: bool) -> None:
        call = self._call(pk)
        data: list[dict[str, Any]] = [
            {
                "id": a.pk, "alliance": a.alliance.code, "status": a.status, "eligible": a.eligible,
                "recommendations": getattr(a, "n_recommendations", 0), "reviews": getattr(a, "n_reviews", 0),
                "assigned": getattr(a, "n_assignments", 0),
                "outcome": a.outcome,
            }
            for a in applications_visible_to(SystemViewer(), call=call, status=status).order_by("alliance__code")
        ]  # fmt: skip
        if as_json:
            self.stdout.write(to_json(data))
            return

        def eligible(value: bool | None) -> str:
            return {True: "yes", False: "no", None: "review"}[value]

        rows = [
            [d["id"], d["alliance"], d["status"], eligible(d["eligible"]), d["recommendations"],
             f"{d['reviews']}/{d['assigned']}", d["outcome"] or "-"]
            for d in data
        ]  # fmt: skip
        for line in render_table(
            ["id", "alliance", "status", "eligible", "recommendations", "reviews", "outcome"], rows
        ):
            self.stdout.write(line)

    def _scores(self, pk: int, as_json: bool) -> None:
        application = application_get(SystemViewer(), pk)
        if application is None:
            raise CommandError(_("No application with the id %(id)s.") % {"id": pk})
        summary = score_summary(application)
        data = {
            "application": application.pk,
            "alliance": application.alliance.code,
            "assigned": summary.assigned,
            "mean": summary.mean,
            "spread": summary.spread,
            "std_dev": summary.std_dev,
            "outlier_points": OUTLIER_POINTS,
            "reviews": [
                {"expert": r.expert.name, "total": r.total, "deviation": r.deviation, "outlier": r.outlier}
                for r in summary.rows
            ],
        }
        if as_json:
            self.stdout.write(to_json(data))
            return
        rows = [[r.expert.name, r.total, r.deviation, "outlier" if r.outlier else ""] for r in summary.rows]
        for line in render_table(["expert", "total", "from mean", ""], rows):
            self.stdout.write(line)
        self.stdout.write(
            f"mean {summary.mean if summary.mean is not None else '-'}; spread (max-min) "
            f"{summary.spread if summary.spread is not None else '-'}; population std dev "
            f"{summary.std_dev if summary.std_dev is not None else '-'}; {len(summary.rows)}/{summary.assigned} reviews"
        )

    def _publish(self, pk: int, username: str) -> None:
        call = self._call(pk)
        user = self._user(username)
        try:
            call = call_publish(by=user, call=call)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("Published the list of “%(call)s”.") % {"call": call.title_zh})


def _call_data(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk, "scope": c.scope, "province": c.province, "title_zh": c.title_zh,
        "opens_on": c.opens_on.isoformat(), "closes_on": c.closes_on.isoformat(), "rules": c.rules,
        "status": c.status, "applications": getattr(c, "n_applications", 0), "max_pilots": c.max_pilots,
        "max_cultivation": c.max_cultivation, "recommendation_required": c.recommendation_required,
    }  # fmt: skip
