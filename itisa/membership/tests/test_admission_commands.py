"""``itisa member applications`` and ``itisa member exits``."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import time_machine
from django.core.management import call_command

from itisa.audit.models import AuditEntry
from itisa.membership.models import Membership
from itisa.membership.services import AdmissionInput, application_submit, exit_notice_give
from itisa.membership.tests.test_admission import BYD
from itisa.membership.tests.test_exits import _unpaid_invoice


def test_applications_as_json_and_filtered(world: Any) -> None:
    application_submit(by=world.user("outsider"), alliance=world.csa, data=AdmissionInput(**BYD))
    out = StringIO()
    call_command("member", "applications", "CSA", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["uscc"], r["status"], r["rank"]) for r in rows] == [
        ("91440300192317458F", "submitted", "council")
    ]
    out = StringIO()
    call_command("member", "applications", "CSA", "--status", "rejected", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []


@time_machine.travel(dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC), tick=False)
def test_exits_complete_the_due_ones_with_progress(world: Any) -> None:
    b = Membership.objects.get(alliance=world.csa, organisation=world.member_b)
    a = Membership.objects.get(alliance=world.csa, organisation=world.member_a)
    exit_notice_give(by=world.user("secretariat"), membership=b, given_on=dt.date(2026, 1, 5))
    exit_notice_give(by=world.user("secretariat"), membership=a, given_on=dt.date(2026, 1, 20))
    _unpaid_invoice(world, a)
    out = StringIO()
    call_command("member", "exits", "CSA", "--complete", stdout=out)
    assert out.getvalue().splitlines() == [
        "[1/2] 乙大学: membership ended",
        "[2/2] 甲公司: Dues are not settled: CSA-2026-0001 unpaid.",
        "1 of 2 due exits completed.",
    ]
    b.refresh_from_db()
    assert b.left_on == dt.date(2026, 2, 4)
    a.refresh_from_db()
    assert a.left_on is None
    ended = AuditEntry.objects.get(action="membership.exit.completed")
    assert (ended.object_id, ended.actor_label) == (str(b.pk), "system")
