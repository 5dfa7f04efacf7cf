"""Standards through the API (the one error shape, every refusal declared) and the command line."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.governance.models import Motion
from itisa.standards.tests.conftest import StandardWorld, counts, declare_all


def _post(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(
        url, json.dumps(data or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_api_from_a_standard_to_its_vote(sw: StandardWorld, client: Any) -> None:
    client.force_login(sw.secretariat)
    r = _post(client, "/api/alliances/CSA/standards", {"level": "group", "title_zh": "LED 封装器件规范",
                                                       "lead": sw.world.member_a.pk})  # fmt: skip
    assert (r.status_code, r.json()["code"], r.json()["stage"]) == (201, "S0002", "proposal")
    assert r.json()["drafting_members"] == [
        {"organisation": sw.world.member_a.uscc, "name": "甲公司", "role": "lead"}
    ]
    r = _post(client, "/api/alliances/CSA/standards/S0002/drafters", {"organisation": sw.world.member_b.pk})
    assert r.status_code == 201
    r = _post(client, "/api/alliances/CSA/standards/S0002/drafters", {"organisation": sw.world.member_b.pk})
    assert r.status_code == 409
    r = _post(client, "/api/alliances/CSA/standards/S0002/rounds")
    assert (r.status_code, r.json()[0]["missing"]) == (201, [sw.world.member_a.uscc, sw.world.member_b.uscc])
    assert _post(client, "/api/alliances/CSA/standards/S0002/rounds").status_code == 409
    before = counts()
    r = _post(client, "/api/alliances/CSA/standards/S0002/vote",
              {"body": sw.council.body.pk, "deadline": "2026-03-09T17:00:00+08:00"})  # fmt: skip
    assert (r.status_code, r.json()["message"]) == (
        422,
        "The vote cannot open: every drafting member files its IPR declaration first. Missing: 甲公司、乙大学.",
    )
    assert counts() == before
    r = _post(client, "/api/alliances/CSA/standards/S0002/declarations",
              {"organisation": sw.world.member_a.pk, "holds_essential": True, "patents": ["ZL201811564288.X"],
               "licensing": "rand", "document_ref": "CSA-IPR-01"})  # fmt: skip
    assert r.status_code == 201
    client.force_login(sw.user("member_contact"))
    r = _post(client, "/api/alliances/CSA/standards/S0002/declarations",
              {"organisation": sw.world.member_a.pk, "holds_essential": False, "licensing": "none_needed"})  # fmt: skip
    assert r.status_code == 403
    r = _post(client, "/api/alliances/CSA/standards/S0002/declarations",
              {"organisation": sw.world.member_b.pk, "holds_essential": False, "licensing": "none_needed"})  # fmt: skip
    assert (r.status_code, r.json()[0]["missing"]) == (201, [])
    assert (
        _post(
            client,
            "/api/alliances/CSA/standards/S0002/vote",
            {"body": sw.council.body.pk, "deadline": "2026-03-09T17:00:00+08:00"},
        ).status_code
        == 403
    )
    client.force_login(sw.secretariat)
    r = _post(client, "/api/alliances/CSA/standards/S0002/vote",
              {"body": sw.council.body.pk, "deadline": "2026-03-09T17:00:00+08:00"})  # fmt: skip
    assert (r.status_code, r.json()[0]["motion"]["status"]) == (201, "open")
    assert Motion.objects.count() == 1
    r = client.get("/api/alliances/CSA/standards/S0002/declarations")
    assert [(d["name"], d["licensing"], d["patents"], d["current"]) for d in r.json()[0]["declarations"]] == [
        ("甲公司", "rand", ["201811564288.X"], True), ("乙大学", "none_needed", [], True)]  # fmt: skip
    r = client.get("/api/alliances/CSA/standards?level=group")
    assert [(x["code"], x["lead"], x["drafters"]) for x in r.json()] == [
        ("S0001", sw.world.member_a.uscc, 2), ("S0002", sw.world.member_a.uscc, 2)]  # fmt: skip
    assert client.get("/api/alliances/CSA/standards/S0009").status_code == 404


def test_the_api_refuses_without_credentials_and_to_outsiders(sw: StandardWorld, client: Any) -> None:
    assert client.get("/api/alliances/CSA/standards").status_code == 401
    client.force_login(sw.user("outsider"))
    assert client.get("/api/alliances/CSA/standards").status_code == 403
    assert client.get("/api/alliances/CSA/standards/S0001").status_code == 403


def test_the_command_lists_shows_and_prints_declarations(sw: StandardWorld) -> None:
    declare_all(sw)
    out = StringIO()
    call_command("standard", "list", "CSA", "--json", stdout=out)
    assert [(x["code"], x["stage"], x["lead"], x["drafters"]) for x in json.loads(out.getvalue())] == [
        ("S0001", "proposal", "甲公司", 2)]  # fmt: skip
    out = StringIO()
    call_command("standard", "show", "CSA/S0001", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert (doc["code"], [m["role"] for m in doc["drafting_members"]], doc["history"][0]["new_stage"]) == (
        "S0001", ["lead", "participant"], "proposal")  # fmt: skip
    out = StringIO()
    call_command("standard", "declarations", "csa/s0001", "--json", stdout=out)
    rounds = json.loads(out.getvalue())
    assert [(d["name"], d["licensing"]) for d in rounds[0]["declarations"]] == [
        ("乙大学", "none_needed"), ("甲公司", "rand")]  # fmt: skip
    out = StringIO()
    call_command("standard", "declarations", "CSA/S0001", stdout=out)
    assert "#1 → approved (open)" in out.getvalue()
    with pytest.raises(CommandError, match="No standard CSA/S0009"):
        call_command("standard", "show", "CSA/S0009")


def test_the_command_prints_tables(sw: StandardWorld) -> None:
    declare_all(sw)
    out = StringIO()
    call_command("standard", "list", "CSA", "--stage", "proposal", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == [
        "Code",
        "Level",
        "Title",
        "Stage",
        "Lead",
        "drafting",
        "member",
        "Published",
        "number",
    ]
    assert lines[-1].split()[:2] == ["S0001", "group"]
    out = StringIO()
    call_command("standard", "show", "CSA/S0001", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "CSA/S0001 [group] 半导体照明 LED 芯片测试方法 — proposal"
    assert "甲公司" in text and "lead" in text and "participant" in text


@pytest.mark.parametrize(
    ("persona", "list_status", "detail_status", "create_status"),
    [
        ("secretariat", 200, 200, 200),
        ("national_officer", 200, 200, 200),
        ("member_contact", 200, 200, 403),
        ("council_member", 200, 200, 403),
        ("outsider", 403, 403, 403),
        ("association_officer", 403, 403, 403),
    ],
)
def test_persona_matrix_of_the_pages(
    sw: StandardWorld, client: Any, persona: str, list_status: int, detail_status: int, create_status: int
) -> None:
    client.force_login(sw.user(persona))
    assert client.get("/en/alliances/CSA/standards/").status_code == list_status
    assert client.get("/en/alliances/CSA/standards/S0001/").status_code == detail_status
    assert client.get("/en/alliances/CSA/standards/new/").status_code == create_status
    assert client.get("/en/alliances/CSA/standards/S0001/round/").status_code == create_status
