"""The error shape, language negotiation and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from itisa.api.errors import field_path

EXPECTED_PATHS = {
    "/api/alliances",
    "/api/alliances/{code}",
    "/api/alliances/{code}/transitions",
    "/api/alliances/{code}/history",
    "/api/organisations",
    "/api/organisations/{uscc}",
    "/api/uscc/{code}",
    "/api/alliances/{code}/members",
    "/api/memberships/{membership_id}/end",
    "/api/memberships/{membership_id}/rank",
    "/api/me",
    "/api/tokens",
    "/api/tokens/{token_id}",
    "/api/audit/{object_type}/{object_id}",
}


def test_openapi_document_lists_paths(db) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert (doc["info"]["title"], doc["info"]["version"]) == ("ITISA API", "1")
    assert set(doc["paths"]) >= EXPECTED_PATHS
    assert set(doc["components"]["securitySchemes"]) == {"TokenAuth", "LoggedInSession"}
    assert Client().get("/api/docs").status_code == 200


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (["body", "payload", "rank"], "rank"),
        (["query", "limit"], "limit"),
        (["path", "code"], "code"),
        (["body", "payload", "items", 0, "name"], "items.0.name"),
        (["body", "payload"], "payload"),
    ],
)
def test_field_path(loc, path) -> None:
    assert field_path(loc) == path


def test_nested_validation_error_and_malformed_json(world, as_persona) -> None:
    api = as_persona("national_officer")
    bad = api.post("/alliances/CSA/members", {"organisation": 1, "rank": "chair", "joined_on": "2020-02-30"})
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"organisation", "joined_on"}
    raw = api.client.post("/api/alliances", data="{not json", content_type="application/json")
    assert (raw.status_code, raw.json()["code"]) == (400, "validation_error")  # unparseable body


def test_unknown_object_is_404_in_the_shape(world, as_persona) -> None:
    assert as_persona("anonymous").get("/alliances/NOPE").json() == {
        "code": "not_found",
        "message": "No alliance with the code NOPE.",
        "fields": {},
    }


def test_messages_follow_accept_language(world) -> None:
    zh = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/api/alliances?limit=0").json()
    en = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/alliances?limit=0").json()
    assert en["message"] == "Please correct the errors below."
    assert zh["code"] == en["code"] == "validation_error"


def test_dossier_router_is_mounted(db) -> None:
    assert "/api/dossiers/{code}" in Client().get("/api/openapi.json").json()["paths"]
