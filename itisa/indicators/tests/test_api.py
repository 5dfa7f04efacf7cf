"""The indicator API: the registry for logged-in clients, an alliance's table scoped like the pages, the
secretariat records and reports; refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from itisa.indicators.tests.conftest import counts

pytestmark = pytest.mark.django_db

TABLE = "/api/alliances/CSA/indicators/2025"


def _as(client: Any, world: Any, persona: str) -> Any:
    client.force_login(world.user(persona))
    return client


def test_the_registry_is_for_logged_in_clients(client: Any, world: Any) -> None:
    assert client.get("/api/indicators").status_code == 401
    body = _as(client, world, "outsider").get("/api/indicators").json()
    assert len(body) == 36
    assert body[0] == {
        "code": "membership.members", "name_zh": "年末成员单位总数", "name_en": "Members at year end",
        "unit": "count", "dimension": "organisation", "self_reported": False,
        "reference": "国科发政〔2008〕770号 第二条、第八条(一)",
    }  # fmt: skip


def test_the_table_record_and_report(client: Any, world: Any) -> None:
    c = _as(client, world, "secretariat")
    table = c.get(TABLE).json()
    rows = {r["code"]: r for r in table["rows"]}
    assert (table["alliance"], table["year"], len(rows)) == ("CSA", 2025, 36)
    assert (rows["membership.members"]["system"], rows["membership.members"]["recorded"]) == ("2", None)
    assert rows["diffusion.in_time"]["system"] is None
    recorded = c.post(TABLE + "/record")
    assert (recorded.status_code, recorded.json()) == (200, {"written": 28})
    assert c.post(TABLE + "/record").json() == {"written": 0}
    reported = c.post(TABLE + "/report", {"code": "reported.enterprises_served", "value": "120",
                                          "evidence": "服务台账", "note": ""}, content_type="application/json")  # fmt: skip
    assert reported.status_code == 201
    body = reported.json()
    assert {k: body[k] for k in ("code", "year", "value", "source", "evidence")} == {
        "code": "reported.enterprises_served", "year": 2025, "value": "120.00", "source": "self_reported",
        "evidence": "服务台账",
    }  # fmt: skip
    rows = {r["code"]: r for r in c.get(TABLE).json()["rows"]}
    assert rows["membership.members"]["recorded"] == {
        "value": "2.00",
        "source": "system",
        "evidence": "",
        "note": "",
    }
    assert rows["reported.enterprises_served"]["recorded"]["source"] == "self_reported"


def test_refusals_write_nothing(client: Any, world: Any) -> None:
    before = counts()
    payload = {"code": "reported.enterprises_served", "value": "1", "evidence": "x"}
    c = _as(client, world, "member_contact")
    assert c.get(TABLE).status_code == 200
    assert c.post(TABLE + "/record").status_code == 403
    assert c.post(TABLE + "/report", payload, content_type="application/json").status_code == 403
    c = _as(client, world, "outsider")
    assert c.get(TABLE).status_code == 403
    c = _as(client, world, "secretariat")
    bad = c.post(
        TABLE + "/report", {**payload, "value": "1e3", "evidence": " "}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"value", "evidence"}
    computed = c.post(
        TABLE + "/report", {**payload, "code": "membership.members"}, content_type="application/json"
    )
    assert (computed.status_code, set(computed.json()["fields"])) == (422, {"code"})
    assert c.get("/api/alliances/CSA/indicators/2099").status_code == 404
    assert c.post("/api/alliances/CSA/indicators/2099/record").status_code == 404
    assert counts() == before
