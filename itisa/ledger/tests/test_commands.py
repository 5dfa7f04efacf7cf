"""``itisa ledger chart-load``, ``check`` and ``trial-balance``."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.accounts.models import RoleAssignment
from itisa.ledger.models import Account, Chart
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_submit
from itisa.ledger.tests.conftest import CHART_CSV
from tests.factories import UserFactory


def test_chart_load_from_the_shared_csv(db: Any, tmp_path: Any) -> None:
    out = StringIO()
    call_command(
        "ledger", "chart-load", str(CHART_CSV), "--code", "npo-2004", "--name", "民非2004", stdout=out
    )
    assert out.getvalue().strip() == "Loaded 48 accounts into npo-2004."
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name_zh,class\n1001,现金,asset\n1001,重复,asset\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid"):
        call_command("ledger", "chart-load", str(bad), "--code", "bad", "--name", "坏", stdout=StringIO())
    assert list(Chart.objects.values_list("code", flat=True)) == ["npo-2004"]


def test_check_passes_then_fails_and_the_trial_balance_prints(world: Any, books: Any) -> None:
    s = world.user("secretariat")
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    postings = [
        {"account": "1002", "fund": str(books.dues.pk), "amount": "800.00"},
        {"account": "4201", "fund": str(books.dues.pk), "amount": "-800.00"},
    ]
    entry, _ = entry_draft(
        by=s, book=books.book, date=dt.date(2026, 4, 1), memo="会费", postings=postings, idempotency_key="c"
    )
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    entry_post(by=s, entry=entry)
    out = StringIO()
    call_command("ledger", "check", "CSA", stdout=out)
    assert out.getvalue().splitlines() == ["[1/1] CSA: 0", "No problems found."]
    out = StringIO()
    call_command("ledger", "trial-balance", "CSA", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [
        {"account": "1002", "name_zh": "银行存款", "debit": "800.00", "credit": "0"},
        {"account": "4201", "name_zh": "会费收入", "debit": "0", "credit": "800.00"},
    ]
    Account.objects.filter(chart=books.chart, code="4201").update(closed=True)
    with pytest.raises(SystemExit) as exc:
        call_command("ledger", "check", "CSA", stdout=StringIO(), stderr=StringIO())
    assert exc.value.code == 1
