"""``itisa report``: rounds, open, list, show, submit, return, accept, with ``--json``; refusals exit 1."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.audit.models import AuditEntry
from itisa.reports.tests.conftest import RW, write


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_command(rw: RW) -> None:
    assert json.loads(run("rounds", "--json")) == [
        {"year": 2025, "deadline": "2026-02-28", "total": 2, "draft": 2, "submitted": 0, "returned": 0,
         "accepted": 0, "overdue": 0},
    ]  # fmt: skip
    opened = json.loads(run("open", "2024", "--deadline", "2025-03-31", "--as", "national_officer", "--json"))
    assert opened == {"year": 2024, "deadline": "2025-03-31", "reports": 2}
    write(rw)
    shown = json.loads(run("submit", "CSA", "2025", "--as", "secretariat", "--json"))
    assert (shown["status"], shown["submission"]["indicators"][0]["value"]) == ("submitted", "2.00")
    assert json.loads(run("return", "CSA", "2025", "--reason", "请补充", "--as", "national_officer", "--json"))[
        "status"] == "returned"  # fmt: skip
    run("submit", "CSA", "2025", "--as", "secretariat")
    assert "accepted" in run("accept", "CSA", "2025", "--as", "national_officer")
    rows = json.loads(run("list", "--year", "2025", "--json"))
    assert [(r["alliance"], r["status"]) for r in rows] == [("CSA", "accepted"), ("SDC", "draft")]
    assert "CSA" in run("list")
    assert "SHA-256" in run("show", "CSA", "2025")


def test_refusals_exit_with_the_reason(rw: RW) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError) as exc:
        run("accept", "CSA", "2025", "--as", "secretariat")
    assert "Only the national office" in str(exc.value)
    with pytest.raises(CommandError):
        run("show", "NOPE", "2025")
    with pytest.raises(CommandError):
        run("open", "2025", "--as", "national_officer")
    assert AuditEntry.objects.count() == before
