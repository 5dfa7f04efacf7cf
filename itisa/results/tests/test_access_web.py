"""Access requests through the API (statuses declared, scoped), the command line (--json) and the pages
(the result page's section, the request form, the owners' confirmed decision)."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from itisa.results.models import AccessRequest
from itisa.results.tests.conftest import register, shares
from itisa.results.tests.test_access import NEED, state

pytestmark = pytest.mark.usefixtures("clock")


def _post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def owned_by_a(world: Any) -> Any:
    return register(world, contributions=shares((world.member_a, "100")))


def test_the_api_from_request_to_decision(world: Any, agreement_world: Any, client: Any) -> None:
    result = owned_by_a(world)
    url = f"/api/results/{result.pk}/access-requests"
    body = {"organisation": world.member_b.pk, "purpose": "project_execution", "justification": NEED}
    client.force_login(world.user("member_contact"))
    r = _post(client, url, {**body, "purpose": "resale"})
    assert (r.status_code, r.json()["fields"]) == (422, {"purpose": ["Choose a valid option."]})
    r = _post(client, url, {**body, "justification": "x" * 4001})
    assert (r.status_code, r.json()["fields"]) == (
        422, {"justification": ["Ensure this value has at most 4000 characters (it has 4001)."]},
    )  # fmt: skip
    r = _post(client, url, {**body, "organisation": world.member_a.pk})
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    r = _post(client, url, body)
    assert r.status_code == 201, r.content
    doc = r.json()
    rid = doc["id"]
    assert {k: doc[k] for k in ("result", "organisation", "organisation_name_zh", "purpose", "status",
                                "window_ends_on", "terms", "decided_for")} == {
        "result": result.pk, "organisation": world.member_b.uscc, "organisation_name_zh": "乙大学",
        "purpose": "project_execution", "status": "requested", "window_ends_on": None, "terms": "",
        "decided_for": None,
    }  # fmt: skip
    before = state()
    r = _post(client, url, body)
    assert (r.status_code, r.json()["code"]) == (409, "conflict")
    r = _post(client, f"/api/access-requests/{rid}/decide", {"to": "granted", "terms": "royalty_free"})
    assert (r.status_code, r.json()["message"]) == (403, "Only the result's owners decide on access to it.")
    assert state() == before
    assert [a["id"] for a in client.get(url).json()] == [rid]
    # the secretariat sees every request; someone outside the alliance does not find the result
    client.force_login(world.user("secretariat"))
    assert [a["id"] for a in client.get(url).json()] == [rid]
    client.force_login(world.user("outsider"))
    assert client.get(url).status_code == 404
    assert (
        _post(client, f"/api/access-requests/{rid}/decide", {"to": "refused", "note": "x"}).status_code == 404
    )
    client.force_login(agreement_world.rep_a)
    r = _post(client, f"/api/access-requests/{rid}/decide", {"to": "granted"})
    assert (r.status_code, r.json()["fields"]) == (422, {"terms": ["Choose the terms of the access rights."]})
    r = _post(client, f"/api/access-requests/{rid}/decide",
              {"to": "granted", "terms": "fair_reasonable", "note": "许可费另行协商"})  # fmt: skip
    assert (r.status_code, r.json()["status"], r.json()["terms"], r.json()["decided_for"]) == (
        200, "granted", "fair_reasonable", world.member_a.uscc,
    )  # fmt: skip
    r = _post(client, f"/api/access-requests/{rid}/decide", {"to": "refused", "note": "x"})
    assert (r.status_code, r.json()["code"]) == (409, "invalid_transition")


def test_the_command_line(world: Any, agreement_world: Any) -> None:
    result = owned_by_a(world)
    out = StringIO()
    call_command("result", "access-request", f"CSA/{result.code}", "--organisation", world.member_b.uscc,
                 "--purpose", "exploitation", "--justification", NEED, "--as", "legal_representative", "--json",
                 stdout=out)  # fmt: skip
    [row] = json.loads(out.getvalue())
    assert (row["result"], row["organisation"], row["purpose"], row["status"]) == (
        f"CSA/{result.code}", world.member_b.uscc, "exploitation", "requested",
    )  # fmt: skip
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("result", "access-decide", str(row["id"]), "--to", "granted", "--terms", "royalty_free",
                     "--as", "secretariat", "--json", stdout=out)  # fmt: skip
    assert (refused.value.returncode, json.loads(out.getvalue())["code"]) == (1, "permission_denied")
    out = StringIO()
    call_command("result", "access-decide", str(row["id"]), "--to", "refused", "--note", "超出约定范围",
                 "--as", "rep_a", "--json", stdout=out)  # fmt: skip
    assert [(r["status"], r["decision_note"]) for r in json.loads(out.getvalue())] == [
        ("refused", "超出约定范围")
    ]
    out = StringIO()
    call_command("result", "access-list", f"CSA/{result.code}", "--json", stdout=out)
    assert [(r["id"], r["status"]) for r in json.loads(out.getvalue())] == [(row["id"], "refused")]


def test_the_pages_from_request_to_decision(world: Any, agreement_world: Any, client: Any) -> None:
    result = owned_by_a(world)
    page = f"/en/results/{result.pk}/"
    client.force_login(world.user("member_contact"))
    html = client.get(page).content.decode()
    assert 'data-testid="ask-access"' in html and 'data-testid="access-requests"' not in html
    r = client.post(f"/en/results/{result.pk}/access/new/",
                    {"organisation": world.member_b.pk, "purpose": "exploitation", "justification": " "})  # fmt: skip
    assert r.status_code == 200 and AccessRequest.objects.count() == 0
    r = client.post(f"/en/results/{result.pk}/access/new/",
                    {"organisation": world.member_b.pk, "purpose": "exploitation", "justification": NEED})  # fmt: skip
    assert (r.status_code, r["Location"]) == (302, page)
    access = AccessRequest.objects.get()
    html = client.get(page).content.decode()
    assert f'data-testid="access-{access.pk}"' in html and f'data-testid="decide-{access.pk}"' not in html
    assert client.get(f"/en/results/access/{access.pk}/").status_code == 403
    client.force_login(agreement_world.rep_a)
    html = client.get(page).content.decode()
    assert f'data-testid="decide-{access.pk}"' in html and 'data-testid="ask-access"' not in html
    r = client.post(f"/en/results/access/{access.pk}/", {"to": "granted", "terms": "royalty_free"})
    assert b'data-testid="confirmation"' in r.content
    assert AccessRequest.objects.get().status == "requested"
    r = client.post(
        f"/en/results/access/{access.pk}/", {"to": "granted", "terms": "royalty_free", "confirmed": "1"}
    )
    assert (r.status_code, AccessRequest.objects.get().status) == (302, "granted")
    html = client.get(page).content.decode()
    assert f'data-testid="decide-{access.pk}"' not in html and "Royalty-free" in html
    client.force_login(world.user("outsider"))
    assert client.get(f"/en/results/access/{access.pk}/").status_code == 404
