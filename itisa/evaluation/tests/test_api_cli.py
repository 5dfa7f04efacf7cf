"""The API and the ``itisa evaluation`` command call the same services; the dashboards' selectors; the to-do
list reads a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itisa.evaluation.models import Evaluation
from itisa.evaluation.selectors import grade_distribution, pilots_awaiting_evaluation
from itisa.evaluation.tests.conftest import BEIJING, open_campaign, to_decided
from itisa.evaluation.todo import todos
from itisa.pilots.models import Application
from itisa.registry.models import Alliance

pytestmark = pytest.mark.django_db


def _api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_api_opens_a_campaign_and_moves_an_evaluation(world: Any, pilot: Application) -> None:
    office = _api(world.user("national_officer"))
    body = {"title_zh": "2026年度评估", "year": 2026, "opens_on": "2026-06-01", "ends_on": "2026-12-31",
            "self_evaluation_due": "2026-07-31", "verification_due": "2026-08-31", "panel_due": "2026-09-30",
            "comments_due": "2026-10-31", "decision_due": "2026-11-30", "applications": [pilot.pk]}  # fmt: skip
    created = office.post("/api/evaluation/campaigns", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["evaluations"] == 1
    refused = _api(world.user("secretariat")).post(
        "/api/evaluation/campaigns", body, content_type="application/json"
    )
    assert refused.status_code == 403
    evaluation = Evaluation.objects.get()
    moved = office.post(
        f"/api/evaluation/{evaluation.pk}/advance", {"to": "verify"}, content_type="application/json"
    )
    assert moved.status_code == 403 and moved.json()["code"] == "permission_denied"
    rows = office.get(f"/api/evaluation/campaigns/{created.json()['id']}").json()
    assert [(r["alliance"], r["status"], r["pilot_until"]) for r in rows] == [
        ("CSA", "self_evaluation", "2026-05-31")
    ]
    assert Client().get(f"/api/evaluation/campaigns/{created.json()['id']}/grades").status_code == 404


def test_the_command_lists_shows_and_grades(world: Any, pilot: Application) -> None:
    campaign = open_campaign(world, [pilot])
    out = StringIO()
    call_command("evaluation", "campaigns", "--json", stdout=out)
    assert [(c["title_zh"], c["evaluations"]) for c in json.loads(out.getvalue())] == [
        ("2026年度试点联盟评估", 1)
    ]
    out = StringIO()
    call_command("evaluation", "show", str(campaign.pk), "--json", stdout=out)
    assert [(r["alliance"], r["status"]) for r in json.loads(out.getvalue())] == [("CSA", "self_evaluation")]
    evaluation = Evaluation.objects.get()
    with pytest.raises(CommandError, match="not waiting for verification"):
        call_command("evaluation", "advance", str(evaluation.pk), "verify", "--as", "national_officer")
    with pytest.raises(
        CommandError, match="is at “Self-evaluation”, not “Comments of the competent departments”"
    ):
        call_command(
            "evaluation", "grade", str(evaluation.pk), "A", "--reasons", "好。", "--as", "national_officer"
        )


def test_the_dashboards_selectors(world: Any, pilot: Application) -> None:
    alliances = Alliance.objects.all()
    assert list(pilots_awaiting_evaluation(dt.date(2026, 6, 1), alliances)) == [pilot]
    assert list(pilots_awaiting_evaluation(dt.date(2026, 5, 31), alliances)) == []
    assert list(pilots_awaiting_evaluation(dt.date(2026, 6, 1), alliances.exclude(code="CSA"))) == []
    campaign = open_campaign(world, [pilot])
    assert list(pilots_awaiting_evaluation(dt.date(2026, 6, 1), alliances)) == []
    to_decided(world, Evaluation.objects.get(), "B")
    assert grade_distribution(2026, alliances) == {"A": 0, "B": 0, "C": 0}
    from itisa.evaluation import services

    services.campaign_publish(by=world.user("national_officer"), campaign=campaign)
    assert grade_distribution(2026, alliances) == {"A": 0, "B": 1, "C": 0}
    assert grade_distribution(campaign, alliances.exclude(code="CSA")) == {"A": 0, "B": 0, "C": 0}
    assert grade_distribution(2025, alliances) == {"A": 0, "B": 0, "C": 0}


def test_the_to_do_list_reads_a_fixed_number_of_queries(world: Any, pilot: Application) -> None:
    now = dt.datetime(2026, 7, 1, 10, 0, tzinfo=BEIJING)
    open_campaign(world, [pilot])
    with CaptureQueriesContext(connection) as office:
        items = todos(world.user("national_officer"), now)
    assert ([t.kind.code for t in items], len(office)) == ([], 3)
    with CaptureQueriesContext(connection) as secretariat:
        items = todos(world.user("secretariat"), now)
    assert ([(t.kind.code, t.due) for t in items], len(secretariat)) == (
        [("evaluation.self_evaluation.write", dt.date(2026, 7, 31))], 4,
    )  # fmt: skip


def test_the_demo_takes_a_pilot_to_the_expert_panel_once(world: Any, pilot: Application) -> None:
    from itisa.evaluation.demo import load_demo_evaluation
    from itisa.evaluation.tests.conftest import expert

    reviewer = expert(world, "演示专家")
    with time_machine.travel(dt.datetime(2026, 7, 1, 10, 0, tzinfo=BEIJING), tick=False):
        campaign = load_demo_evaluation(national=world.user("national_officer"), expert_user=reviewer.user)
        assert (
            load_demo_evaluation(national=world.user("national_officer"), expert_user=reviewer.user)
            == campaign
        )
    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.recheck.rules, [a.expert for a in evaluation.assignments.all()]) == (
        "expert_panel", "2016", [reviewer],
    )  # fmt: skip
    assert (campaign.opens_on, campaign.ends_on, campaign.is_demo) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 28),
        True,
    )
