"""``itisa governance motions`` and ``itisa governance remind``."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from itisa.governance.services import motion_close, motion_open, vote_cast
from itisa.notifications.models import Notification


def _ballot(world: Any, council: Any, title: str, hours: float) -> Any:
    return motion_open(
        by=world.user("secretariat"),
        body=council.body,
        title_zh=title,
        method="ballot",
        deadline=timezone.now() + dt.timedelta(hours=hours),
    )


def test_motions_lists_tallies_as_json_and_a_table(world: Any, council: Any) -> None:
    first = _ballot(world, council, "第一项", 48)
    _ballot(world, council, "第二项", 48)
    vote_cast(by=world.user("expert"), motion=first, choice="no")
    motion_close(by=world.user("secretariat"), motion=first)
    out = StringIO()
    call_command("governance", "motions", "CSA", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["number"], r["status"], r["votes_cast"], r["no"], r["passed"]) for r in rows] == [
        (2, "open", 0, None, None),
        (1, "closed", 1, 1, False),
    ]
    out = StringIO()
    call_command("governance", "motions", "CSA", "--status", "open", stdout=out)
    assert out.getvalue().splitlines() == [
        "body    no.  title   votes  present/seats  yes/no/abst  quorum  threshold  rules  outcome",
        "理事会  2    第二项  0                                                            open",
    ]
    out = StringIO()
    call_command("governance", "motions", "CSA", "--status", "closed", stdout=out)
    assert out.getvalue().splitlines()[1:] == [
        "理事会  1    第一项  1      1/4            0/1/0        >=2/3 not met  >=2/3 of present (0)  v1     no quorum",
    ]
    with pytest.raises(CommandError, match="No alliance"):
        call_command("governance", "motions", "NOPE", stdout=StringIO())


def test_remind_reports_progress_and_sends_once(world: Any, council: Any) -> None:
    _ballot(world, council, "将截止", 3)
    _ballot(world, council, "还早", 72)
    out = StringIO()
    call_command("governance", "remind", stdout=out)
    assert out.getvalue().splitlines() == ["[1/1] CSA 理事会 #1 将截止", "1 ballot reminded."]
    assert Notification.objects.filter(kind="governance.ballot.closing").count() == 3
    out = StringIO()
    call_command("governance", "remind", "--hours", "100", stdout=out)
    assert out.getvalue().splitlines() == ["[1/1] CSA 理事会 #2 还早", "1 ballot reminded."]
    with pytest.raises(CommandError):
        call_command("governance", "remind", "--hours", "0", stdout=StringIO())


def test_motions_json_says_seats_presence_quorum_and_the_rule_used(world: Any, council: Any) -> None:
    """Issue 15: the JSON said neither whether a motion was quorate, nor how many were present, nor the
    seat count. One "no" of four seats under the council's rules: not quorate, not passed."""
    first = _ballot(world, council, "第一项", 48)
    vote_cast(by=world.user("expert"), motion=first, choice="no")
    motion_close(by=world.user("secretariat"), motion=first)
    out = StringIO()
    call_command("governance", "motions", "CSA", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    picked = {k: row[k] for k in ("seats", "attending", "present", "yes", "no", "abstain", "quorum_met", "passed",
                                  "outcome", "rules_version", "agreement_version", "quorum", "threshold", "base")}  # fmt: skip
    # the council's default rules (two_thirds_present): 3 of 4 seats make the quorum; 1 took part
    assert picked == {
        "seats": 4, "attending": None, "present": 1, "yes": 0, "no": 1, "abstain": 0, "quorum_met": False,
        "passed": False, "outcome": "no_quorum", "rules_version": 1, "agreement_version": None,
        "quorum": "at_least 2/3", "threshold": "at_least 2/3 present", "base": 0,
    }  # fmt: skip
    assert (row["tally"]["threshold_base"], row["tally"]["seats"], row["resolution"]) == ("present", 4, None)
