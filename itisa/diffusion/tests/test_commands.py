"""The ``itisa diffusion`` and ``itisa catalogue`` commands: exact output, refusals with exit status 1."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.diffusion.models import Diffusion
from itisa.diffusion.services import ListingInput, listing_publish, listing_save
from itisa.diffusion.tests.conftest import DEPARTMENT, DW, end_project

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_obligations_overview_and_record(dw: DW) -> None:
    end_project(dw)
    rows = json.loads(run("diffusion", "obligations", "CSA", "--json")[0])
    assert [(r["result"], r["department"], r["deadline"], r["status"]) for r in rows] == [
        ("R00001", DEPARTMENT, "2027-03-02", "open")
    ]
    out, _err = run("diffusion", "record", "CSA/R00001", "--means", "standard", "--on", "2026-03-01",
                    "--proof", "T/CSA 001-2026", "--as", "secretariat", "--json")  # fmt: skip
    assert json.loads(out) == {
        "result": "R00001",
        "means": "standard",
        "on": "2026-03-01",
        "proof": "T/CSA 001-2026",
    }
    overview = json.loads(run("diffusion", "overview", "--json")[0])
    assert [(t["label"], t["met"], t["compliance"]) for t in overview["by_department"]] == [
        (DEPARTMENT, 1, 100)
    ]
    with pytest.raises(CommandError) as caught:
        run("diffusion", "record", "CSA/R00001", "--means", "standard", "--on", "2026-03-01", "--proof", "x",
            "--as", "member_contact")  # fmt: skip
    assert caught.value.returncode == 1
    assert Diffusion.objects.count() == 1


def test_search_and_export(dw: DW, tmp_path: Any) -> None:
    s = dw.user("secretariat")
    listing_publish(
        by=s, listing=listing_save(by=s, result=dw.result, data=ListingInput(abstract_zh="储能散热"))
    )
    found = json.loads(run("catalogue", "search", "储能", "--json")[0])
    assert ([i["id"] for i in found["items"]], found["total"]) == (["CSA/R00001"], 1)
    assert json.loads(run("catalogue", "search", "散热", "--kind", "paper", "--json")[0])["items"] == []
    target = tmp_path / "catalogue.jsonl"
    _out, err = run("catalogue", "export", "--format", "jsonl", "-o", str(target))
    assert err == "1 of 1 entries\n"
    assert [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()] == [
        "CSA/R00001"
    ]
    out, _err = run("catalogue", "reindex")
    assert out == "The search index holds 1 entries.\n"
    assert json.loads(run("catalogue", "search", "储", "--json")[0])["total"] == 1
