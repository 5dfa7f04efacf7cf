"""``GET /api/dossiers/{code}`` answers for alliances the viewer may see, 404 otherwise."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from itisa.dossier.services import dossier_export


def get(user: Any, path: str) -> Any:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client.get(path)


def test_public_alliance_dossier_is_served(world: Any) -> None:
    response = get(None, "/api/dossiers/CSA")
    assert response.status_code == 200
    assert response.json() == dossier_export(world.csa)


def test_forming_alliance_is_hidden_from_the_public(world: Any) -> None:
    response = get(None, "/api/dossiers/SDC")
    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "not_found"


def test_forming_alliance_is_served_to_its_provincial_officer(world: Any) -> None:
    response = get(world.user("provincial_officer"), "/api/dossiers/sdc")
    assert response.status_code == 200
    body = response.json()
    assert (body["alliance"]["code"], body["alliance"]["province"], body["alliance"]["status"]) == (
        "SDC",
        "37",
        "forming",
    )
    assert [m["organisation"] for m in body["memberships"]] == [world.sd_org.uscc]


def test_unknown_alliance_is_404(world: Any) -> None:
    assert get(world.user("national_officer"), "/api/dossiers/NOPE").status_code == 404
