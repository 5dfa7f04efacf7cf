"""The register through the API (end to end, refusals declared in OpenAPI, scoped), the command line
(--json) and the pages (what the public sees; query counts that do not grow with results)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.results.models import Result
from itisa.results.services import result_publish
from itisa.results.tests.conftest import counts, register

pytestmark = pytest.mark.usefixtures("clock")


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_from_registration_to_an_owner_change(world: Any, client: Any) -> None:
    a, b = world.member_a, world.member_b
    client.force_login(world.user("secretariat"))
    body = {"kind": "invention", "title_zh": "外延结构", "number": "ZL201811564288.5", "status": "filed",
            "filed_on": "2018-12-20", "contributions": [{"organisation": a.pk, "share": "60"},
                                                         {"organisation": b.pk, "share": "40"}]}  # fmt: skip
    r = _post(client, "/api/alliances/CSA/results", body)
    assert (r.status_code, r.json()) == (422, {
        "code": "validation_error", "message": "Please correct the errors below.",
        "fields": {"number": ["The check character is wrong: it should be X."]},
    })  # fmt: skip
    r = _post(
        client, "/api/alliances/CSA/results", {**body, "contributions": [{"organisation": a.pk, "share": 60}]}
    )
    assert r.status_code == 422  # a share is a string, never a number
    r = _post(client, "/api/alliances/CSA/results", {**body, "number": "ZL201811564288.X"})
    assert r.status_code == 201, r.content
    doc = r.json()
    assert (doc["code"], doc["number"], doc["owners"], doc["ownership_basis"]) == (
        "R00001", "201811564288.X",
        [{"organisation": a.uscc, "name_zh": "甲公司", "share": "50.00"},
         {"organisation": b.uscc, "name_zh": "乙大学", "share": "50.00"}],
        "statute",
    )  # fmt: skip
    rid = doc["id"]
    r = _post(client, f"/api/results/{rid}/owners", {"owners": [{"organisation": a.pk, "share": "100"}],
                                                    "basis": "consent"})  # fmt: skip
    assert (r.status_code, sorted(r.json()["fields"])) == (422, ["document_on", "document_ref"])
    r = _post(client, f"/api/results/{rid}/owners", {
        "owners": [{"organisation": a.pk, "share": "100"}], "basis": "consent", "document_ref": "同意书",
        "document_on": "2026-03-01", "consenting": [a.pk, b.pk]})  # fmt: skip
    assert (r.status_code, r.json()["owners"][0]["share"], len(r.json()["ownership_history"])) == (
        200,
        "100.00",
        2,
    )
    r = _post(client, f"/api/results/{rid}/move", {"to": "granted", "on": "2021-03-02"})
    assert (r.status_code, r.json()["status"], r.json()["granted_on"]) == (200, "granted", "2021-03-02")
    r = _post(client, f"/api/results/{rid}/public", {"public": "true"})
    assert r.status_code == 422  # a string is never a bool
    r = _post(client, f"/api/results/{rid}/public", {"public": True})
    assert r.json()["public"] is True
    r = _post(client, "/api/alliances/CSA/background-ip", {
        "organisation": b.pk, "kind": "know_how", "title_zh": "外延工艺诀窍", "restrictions_zh": "仅限联盟项目",
        "declared_on": "2026-03-01"})  # fmt: skip
    assert (r.status_code, r.json()["organisation"]) == (201, b.uscc)


def test_the_public_sees_only_public_results_and_no_contributions(world: Any, client: Any) -> None:
    hidden = register(world)
    shown = register(world, number="ZL99113861.9", filed_on=dt.date(1999, 8, 1), title_zh="镁合金")
    result_publish(by=world.user("secretariat"), result=shown, public=True)
    codes = {
        p: [r["code"] for r in client.get("/api/alliances/CSA/results").json()["items"]] for p in ("anon",)
    }
    assert codes == {"anon": ["R00002"]}
    assert client.get(f"/api/results/{hidden.pk}").status_code == 404
    doc = client.get(f"/api/results/{shown.pk}").json()
    assert (doc["contributions"], doc["inventors"], len(doc["owners"])) == ([], [], 2)
    for persona, expected in (("member_contact", ["R00002", "R00001"]), ("outsider", ["R00002"]),
                              ("provincial_officer", ["R00002"]), ("national_officer", ["R00002", "R00001"])):  # fmt: skip
        client.force_login(world.user(persona))
        assert [r["code"] for r in client.get("/api/alliances/CSA/results").json()["items"]] == expected, (
            persona
        )
    client.force_login(world.user("member_contact"))
    r = client.get("/api/alliances/CSA/results?q=甲公司&kind=invention&status=granted&publicly_funded=false")
    assert [x["code"] for x in r.json()["items"]] == ["R00002", "R00001"]
    assert client.get("/api/alliances/CSA/results?q=镁").json()["items"][0]["code"] == "R00002"
    before = counts()
    r = _post(client, "/api/alliances/CSA/results", {"kind": "paper", "title_zh": "x", "status": "recorded",
                                                    "contributions": []})  # fmt: skip
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    assert counts() == before


def test_every_results_route_declares_its_refusals(client: Any) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    routes = {
        p: ops
        for p, ops in paths.items()
        if ("/results" in p or "/background-ip" in p or "/access-requests" in p)
        and "/diffusions" not in p
        and not p.startswith("/api/rating/")  # the activity rating's published results
    }
    assert len(routes) == 9
    for path, ops in routes.items():
        for method, op in ops.items():
            assert {"404", "422"} <= set(op["responses"]), (path, method)
            if method == "post":
                assert {"401", "403", "409"} <= set(op["responses"]), (path, method)


def test_the_command_line(world: Any, tmp_path: Any) -> None:
    register(world, number="ZL99113861.9", filed_on=dt.date(1999, 8, 1))
    out = StringIO()
    call_command("result", "list", "CSA", "--json", stdout=out)
    assert json.loads(out.getvalue()) == [{
        "code": "R00001", "kind": "invention", "title_zh": "一种基于无线信息与能量协同传输的大规模接入方法",
        "number": "99113861.9", "status": "granted", "project": None, "publicly_funded": False,
        "owners": [{"organisation": world.member_a.uscc, "share": "50.00"},
                   {"organisation": world.member_b.uscc, "share": "50.00"}],
    }]  # fmt: skip
    out = StringIO()
    call_command("result", "show", "CSA/R00001", "--json", stdout=out)
    assert [c["share"] for c in json.loads(out.getvalue())["contributions"]] == ["60.00", "40.00"]
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("result", "check", "ZL201811564288.X", "99113861.8", "--json", stdout=out)
    assert (failed.value.returncode, [r["valid"] for r in json.loads(out.getvalue())]) == (1, [True, False])
    assert json.loads(out.getvalue())[1]["reason"] == "The check character is wrong: it should be 9."
    template = tmp_path / "t.xlsx"
    call_command("result", "template", "-o", str(template), stdout=StringIO())
    out = StringIO()
    call_command("result", "import", "CSA", str(template), "--as", "secretariat", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"imported": 1, "codes": ["R00002"]}
    with pytest.raises(CommandError):
        call_command("result", "import", "CSA", str(template), "--as", "member_contact", stdout=StringIO())
    assert Result.objects.count() == 2


def test_pages_for_the_secretariat_and_the_public(world: Any, client: Any) -> None:
    result = register(world)
    assert client.get(f"/en/results/{result.pk}/").status_code == 404  # not public: hidden
    client.force_login(world.user("secretariat"))
    html = client.get("/en/alliances/CSA/results/?q=201811564288").content.decode()
    assert (html.count('data-testid="result-row"'), 'data-testid="import-results"' in html) == (1, True)
    html = client.get(f"/en/results/{result.pk}/").content.decode()
    assert 'data-testid="change-owners"' in html and 'data-testid="grant"' not in html
    r = client.post(f"/en/results/{result.pk}/move/lapsed/", {"on": "2026-01-05"})
    assert b'data-testid="confirmation"' in r.content and Result.objects.get().status == "granted"
    r = client.post(f"/en/results/{result.pk}/move/lapsed/", {"on": "2026-01-05", "confirmed": "1"})
    assert (r.status_code, Result.objects.get().status) == (302, "lapsed")
    assert client.get("/en/alliances/CSA/results/template.xlsx").status_code == 200
    client.force_login(world.user("member_contact"))
    assert client.get("/en/alliances/CSA/results/template.xlsx").status_code == 403
    assert client.get(f"/en/results/{result.pk}/owners/").status_code == 403
