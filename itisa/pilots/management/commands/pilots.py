"""``pilots calls``: the calls. ``pilots applications CALL_ID [--status S]``: a call's applications.
``pilots scores APPLICATION_ID``: the experts' weighted totals, mean, spread and outliers.
``pilots publish CALL_ID --as USER``: publish a call's list as that national officer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from itisa.accounts.management.output import SystemViewer, render_table, to_json
from itisa.accounts.models import User
from itisa.core.errors import DomainError
from itisa.pilots.choices import ApplicationStatus
from itisa.pilots.selectors import (
    OUTLIER_POINTS,
    application_get,
    applications_visible_to,
    call_get,
    calls_visible_to,
    score_summary,
)
from itisa.pilots.services import call_publish


class Command(BaseCommand):
    help = "The pilot program: calls, applications, expert scores, publication."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        calls = sub.add_parser("calls", help="Every call with its window, rule set and status.")
        calls.add_argument("--json", action="store_true", help="Print JSON.")
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
            self._calls(options["json"])
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

    def _calls(self, as_json: bool) -> None:
        data = [
            {
                "id": c.pk, "title_zh": c.title_zh, "opens_on": c.opens_on.isoformat(), "closes_on": c.closes_on.isoformat(),
                "rules": c.rules, "status": c.status, "applications": getattr(c, "n_applications", 0),
                "max_pilots": c.max_pilots, "max_cultivation": c.max_cultivation,
            }
            for c in calls_visible_to(SystemViewer())
        ]  # fmt: skip
        if as_json:
            self.stdout.write(to_json(data))
            return
        rows = [
            [
                d["id"],
                d["status"],
                f"{d['opens_on']}..{d['closes_on']}",
                d["rules"],
                d["applications"],
                d["title_zh"],
            ]
            for d in data
        ]
        for line in render_table(["id", "status", "window", "rules", "applications", "title"], rows):
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
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": username})
        try:
            call = call_publish(by=user, call=call)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("Published the list of “%(call)s”.") % {"call": call.title_zh})
