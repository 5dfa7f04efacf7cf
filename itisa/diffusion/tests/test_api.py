"""The diffusion API: the public catalogue answers anonymous clients; obligations are scoped to who follows
them; the secretariat records diffusions and moderates entries; refusals change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.diffusion.models import Diffusion, Listing
from itisa.diffusion.tests.conftest import DEPARTMENT, DW, end_project

pytestmark = pytest.mark.django_db


def _login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def test_the_secretariat_writes_publishes_and_the_public_finds(dw: DW, client: Any) -> None:
    anonymous = client.get("/api/catalogue", {"q": "储能"})
    assert (anonymous.status_code, anonymous.json()["items"]) == (200, [])
    c = _login(client, dw.user("secretariat"))
    saved = c.put("/api/alliances/CSA/catalogue/R00001", {"abstract_zh": "储能散热结构", "keywords": "LED"},
                  content_type="application/json")  # fmt: skip
    assert (saved.status_code, saved.json()["status"]) == (200, "draft")
    published = c.post("/api/alliances/CSA/catalogue/R00001/publish")
    assert (published.status_code, published.json()["status"]) == (200, "published")
    c.logout()
    for q in ("储", "储能", "储能散", "储能散热", "led"):
        body = client.get("/api/catalogue", {"q": q}).json()
        assert ([i["id"] for i in body["items"]], body["total"], body["capped"]) == (
            ["CSA/R00001"],
            1,
            False,
        ), q
    entry = client.get("/api/catalogue/CSA/R00001").json()
    assert (entry["kind"], entry["licensing"], entry["owners"]) == (
        "invention",
        "available",
        ["乙大学", "甲公司"],
    )
    assert client.get("/api/catalogue/CSA/R00002").status_code == 404
    assert client.get("/api/catalogue", {"per_page": 51}).status_code == 422


def test_obligations_and_the_record_of_a_diffusion(dw: DW, client: Any) -> None:
    end_project(dw)
    c = _login(client, dw.user("secretariat"))
    rows = c.get("/api/alliances/CSA/diffusion/obligations").json()
    assert [(r["result"], r["department"], r["deadline"], r["status"]) for r in rows] == [
        ("R00001", DEPARTMENT, "2027-03-02", "open")
    ]
    made = c.post("/api/alliances/CSA/results/R00001/diffusions",
                  {"means": "publication", "on": "2026-03-01", "proof": "https://doi.org/10.1000/1"},
                  content_type="application/json")  # fmt: skip
    assert (made.status_code, made.json()["means"]) == (201, "publication")
    assert [r["status"] for r in c.get("/api/alliances/CSA/diffusion/obligations").json()] == ["met"]
    c.logout()
    c = _login(client, dw.supervisor)
    assert [r["status"] for r in c.get("/api/diffusion/obligations", {"department": DEPARTMENT}).json()] == [
        "met"
    ]
    c.logout()
    c = _login(client, dw.other_supervisor)
    assert c.get("/api/diffusion/obligations").json() == []


def test_refusals_change_nothing(dw: DW, client: Any) -> None:
    before = (Listing.objects.count(), Diffusion.objects.count(), AuditEntry.objects.count())
    c = _login(client, dw.user("member_contact"))
    assert c.put("/api/alliances/CSA/catalogue/R00001", {"abstract_zh": "x"},
                 content_type="application/json").status_code == 403  # fmt: skip
    assert c.post("/api/alliances/CSA/results/R00001/diffusions",
                  {"means": "publication", "on": "2026-03-01", "proof": "x"},
                  content_type="application/json").status_code == 403  # fmt: skip
    c.logout()
    c = _login(client, dw.user("secretariat"))
    bad = c.post("/api/alliances/CSA/results/R00001/diffusions",
                 {"means": "catalogue", "on": str(dt.date(2026, 3, 1)), "proof": "x"},
                 content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    assert c.post("/api/alliances/CSA/catalogue/R00001/publish").status_code == 404  # no entry yet
    assert (Listing.objects.count(), Diffusion.objects.count(), AuditEntry.objects.count()) == before
    c.logout()
    assert client.get("/api/alliances/CSA/diffusion/obligations").status_code == 401
    c = _login(client, dw.user("provincial_officer"))
    assert c.get("/api/alliances/CSA/diffusion/obligations").status_code in (403, 404)
