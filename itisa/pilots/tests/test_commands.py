"""The ``pilots`` management command."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.pilots import services
from itisa.pilots.models import Call
from itisa.pilots.tests.pilot_fixtures import (
    make_expert,
    submitted,
    to_review,
)

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("pilots", *args, stdout=out)
    return out.getvalue()


def test_calls_applications_scores_and_publish(world: Any, call: Call, needs_review: Any) -> None:
    application = to_review(world, submitted(world, call))
    office = world.user("national_officer")
    for name, score in (("甲", 80), ("乙", 60)):
        expert = make_expert(world, name)
        assignment = services.expert_assign(by=office, application=application, expert=expert)
        services.review_submit(by=expert.user, assignment=assignment, summary="意见",
                               scores=dict.fromkeys(("innovation", "industry", "governance", "cooperation", "funds"), score))  # fmt: skip
    [row] = json.loads(_run("calls", "--json"))
    assert (row["id"], row["status"], row["applications"]) == (call.pk, "open", 1)
    [app] = json.loads(_run("applications", str(call.pk), "--json"))
    assert (app["alliance"], app["status"], app["reviews"], app["assigned"]) == ("CSA", "expert_review", 2, 2)
    assert json.loads(_run("applications", str(call.pk), "--status", "draft", "--json")) == []
    scores = json.loads(_run("scores", str(application.pk), "--json"))
    assert (scores["mean"], scores["spread"], scores["std_dev"]) == ("70.00", "20.00", "10.00")
    assert "mean 70.00; spread (max-min) 20.00" in _run("scores", str(application.pk))
    services.application_decide(by=office, application=application, outcome="not_selected", reasons="不足。")
    services.call_close(by=office, call=call)
    with pytest.raises(CommandError, match="Only national office officers run the pilot program."):
        _run("publish", str(call.pk), "--as", "secretariat")
    assert "Published the list" in _run("publish", str(call.pk), "--as", "national_officer")
    call.refresh_from_db()
    assert call.status == "published"
    with pytest.raises(CommandError, match="No call with the id 999."):
        _run("applications", "999")
