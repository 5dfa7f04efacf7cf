"""The Beancount export: bean-check finds no errors, and its balance assertions are the platform's own."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from itisa.accounts.models import RoleAssignment
from itisa.ledger.exports import beancount_text
from itisa.ledger.selectors import balances
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_reverse, entry_submit
from tests.factories import UserFactory


def _book_with_entries(world: Any, books: Any) -> None:
    s = world.user("secretariat")
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    rows = [
        (
            dt.date(2026, 1, 20),
            "收到会费",
            [("1002", books.dues, "50000.00"), ("4201", books.dues, "-50000.00")],
        ),
        (
            dt.date(2026, 2, 28),
            "收到课题经费",
            [("1002", books.grant, "80000.00"), ("4401", books.grant, "-80000.00")],
        ),
        (
            dt.date(2026, 3, 15),
            '测试费"引号"',
            [("5101", books.grant, "12600.50"), ("1002", books.grant, "-12600.50")],
        ),
    ]
    posted = []
    for i, (date, memo, lines) in enumerate(rows):
        postings = [{"account": a, "fund": str(f.pk), "amount": x} for a, f, x in lines]
        entry, _ = entry_draft(
            by=s, book=books.book, date=date, memo=memo, postings=postings, idempotency_key=f"e{i}"
        )
        entry_submit(by=s, entry=entry)
        entry_approve(by=approver, entry=entry)
        posted.append(entry_post(by=s, entry=entry))
    reversal = entry_reverse(by=s, entry=posted[2], date=dt.date(2026, 3, 20))
    entry_submit(by=s, entry=reversal)
    entry_approve(by=approver, entry=reversal)
    entry_post(by=s, entry=reversal)


def test_bean_check_accepts_the_export_and_the_assertions_are_the_trial_balance(
    world: Any, books: Any, tmp_path: Path
) -> None:
    from beancount import loader

    _book_with_entries(world, books)
    text = beancount_text(books.book)
    entries, errors, _options = loader.load_string(text)
    assert errors == []
    assertions = {
        e.account: e.amount.number
        for e in entries
        if type(e).__name__ == "Balance" and e.date == dt.date(2026, 4, 1)
    }
    ours = {
        f"{'Assets' if code.startswith('1') else 'Income' if code.startswith('4') else 'Expenses'}:C{code}:F{fund}": amount
        for (code, fund), amount in balances(books.book).items()
    }
    assert assertions == ours
    assert assertions[f"Assets:C1002:F{books.grant.pk}"] == Decimal("80000.00")
    assert 'name_zh: "银行存款"' in text
    assert text.isascii() is False and all(
        line.split(" ")[2].isascii() for line in text.splitlines() if " open " in line
    )
    out = tmp_path / "csa.beancount"
    call_command("ledger", "export", "CSA", "--format", "beancount", "-o", str(out), stdout=StringIO())
    bean_check = shutil.which("bean-check") or str(Path(sys.executable).with_name("bean-check"))
    result = subprocess.run([bean_check, str(out)], capture_output=True, text=True, check=False)  # noqa: S603
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_tampered_export_fails_bean_check(world: Any, books: Any) -> None:
    from beancount import loader

    _book_with_entries(world, books)
    # change both legs of the first transaction: it still balances, but the books no longer agree
    lines = beancount_text(books.book).splitlines()
    tampered = [
        line.replace("50000.00 CNY", "50000.01 CNY")
        if line.startswith(("  Assets:C1002", "  Income:C4201"))
        else line
        for line in lines
    ]
    _entries, errors, _options = loader.load_string("\n".join(tampered))
    assert len(errors) >= 1
    assert all("Balance failed" in str(e.message) for e in errors)


@pytest.mark.parametrize("empty", [True])
def test_an_empty_book_exports_a_valid_ledger(books: Any, empty: bool) -> None:
    from beancount import loader

    _entries, errors, _options = loader.load_string(beancount_text(books.book))
    assert errors == []
