"""The ``itisa indicator`` command: list, values and record, with ``--json``; refusals exit with status 1."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.indicators.tests.conftest import counts

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_list(world: Any) -> None:
    docs = json.loads(run("indicator", "list", "--json"))
    assert len(docs) == 36
    assert docs[-1]["code"] == "reported.industry_events"
    text = run("indicator", "list")
    assert "membership.members" in text and "年末成员单位总数" in text


def test_values_and_record(world: Any) -> None:
    doc = json.loads(run("indicator", "values", "CSA", "2025", "--json"))
    rows = {r["code"]: r for r in doc["rows"]}
    assert (doc["alliance"], doc["year"], rows["membership.members"]["system"]) == ("CSA", 2025, "2")
    assert json.loads(run("indicator", "record", "CSA", "2025", "--as", "secretariat", "--json")) == {
        "alliance": "CSA", "year": 2025, "written": 28,
    }  # fmt: skip
    assert run("indicator", "record", "CSA", "2025", "--as", "secretariat") == (
        "0 values recorded for CSA 2025.\n"
    )
    rows = {r["code"]: r for r in json.loads(run("indicator", "values", "CSA", "2025", "--json"))["rows"]}
    assert rows["membership.members"]["recorded"]["value"] == "2.00"
    assert "membership.members" in run("indicator", "values", "CSA", "2025")


def test_refusals_exit_with_status_1_and_write_nothing(world: Any) -> None:
    before = counts()
    with pytest.raises(CommandError) as refused:
        run("indicator", "record", "CSA", "2025", "--as", "member_contact")
    assert refused.value.returncode == 1
    assert "Only the alliance's secretariat records its indicator values." in str(refused.value)
    with pytest.raises(CommandError) as future:
        run("indicator", "values", "CSA", "2099")
    assert future.value.returncode == 1
    with pytest.raises(CommandError):
        run("indicator", "record", "CSA", "2025", "--as", "nobody")
    assert counts() == before
