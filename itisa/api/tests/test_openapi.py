"""The OpenAPI document is the truth (issue 20, item 5): one schema per name, every refusal a route can give
documented, nullable fields marked, and the operations the public may call pinned.

``tests/api_statuses.py`` checks the answers every test provokes against the declarations; this module
checks the declarations themselves and the document built from them.
"""

from __future__ import annotations

import enum
import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from ninja.operation import Operation
from pydantic import BaseModel, WithJsonSchema

from itisa.api.api import api
from itisa.api.openapi import is_public

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
BODY_SOURCES = {"body", "form", "file"}
# a path parameter that names no stored object: the credit-code check answers for any text
PATH_WITHOUT_LOOKUP = {"/uscc/{code}"}


def operations() -> Iterator[tuple[str, Operation]]:
    """Every operation as the API serves it (bound: with the API's auth, decorators and tags)."""
    for router in api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield f"{router.prefix}{path}", operation


def _id(path: str, operation: Operation) -> str:
    return f"{'/'.join(sorted(operation.methods))} {path}"


OPERATIONS = sorted(operations(), key=lambda item: _id(*item))


def _sources(operation: Operation) -> set[str]:
    return {model.__ninja_param_source__ for model in operation.models}


def _documented(operation: Operation) -> set[int]:
    return {status for status in operation.response_models if isinstance(status, int)}


def _classes(annotation: Any, found: set[type]) -> None:
    """Every model and enum class an annotation reaches (through lists, unions, dicts, nested models);
    not one whose schema an ``Annotated[..., WithJsonSchema(...)]`` replaces (it is written inline)."""
    if typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(meta, WithJsonSchema) for meta in annotation.__metadata__
    ):
        return
    for arg in typing.get_args(annotation):
        _classes(arg, found)
    if not isinstance(annotation, type) or annotation in found:
        return
    if issubclass(annotation, enum.Enum):
        found.add(annotation)
    elif issubclass(annotation, BaseModel):
        if not hasattr(annotation, "__ninja_param_source__"):  # ninja flattens these into parameters
            found.add(annotation)
        for field in annotation.model_fields.values():
            if not any(isinstance(meta, WithJsonSchema) for meta in field.metadata):
                _classes(field.annotation, found)


def _schema_classes() -> set[type]:
    found: set[type] = set()
    for _path, operation in OPERATIONS:
        for model in operation.response_models.values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                _classes(model.model_fields["response"].annotation, found)
        for model in operation.models:
            _classes(model, found)
    return found


def test_one_schema_per_name() -> None:
    """Ninja files every schema under its class name and silently keeps one of two that share it (the
    membership and pilot ``ApplicationDetailOut`` once documented ``/api/applications/{id}`` wrongly).
    Classes ninja makes itself (parameters, ``Paged…``) may repeat a name only with the same schema."""
    by_name: dict[str, set[type]] = defaultdict(set)
    for cls in _schema_classes():
        by_name[cls.__name__].add(cls)
    clashes = {}
    for name, classes in by_name.items():
        ours = {c for c in classes if c.__module__.startswith("itisa.")}
        generated = classes - ours
        schemas = {repr(c.model_json_schema()) for c in generated if issubclass(c, BaseModel)}
        if len(ours) > 1 or (ours and generated) or len(schemas) > 1:
            clashes[name] = sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
    assert clashes == {}


@pytest.mark.parametrize(("path", "operation"), OPERATIONS, ids=[_id(*o) for o in OPERATIONS])
def test_operation_documents_the_refusals_it_can_give(path: str, operation: Operation) -> None:
    """The refusals every route of its kind can give, whatever its service does (which the route adds)."""
    sources = _sources(operation)
    required = {401}  # every route reads a bearer token: a wrong or revoked one is refused
    if sources:
        required.add(422)  # ninja's validation and ``api.inputs``
    if "path" in sources and path not in PATH_WITHOUT_LOOKUP:
        required.add(404)
    if sources & BODY_SOURCES:
        required |= {400, 413}
    if set(operation.methods) & UNSAFE:
        required |= {403, 413}  # a session's CSRF check; the size limit of any body
    assert required - _documented(operation) == set()
    assert all(status in {200, 201} or 400 <= status < 500 for status in _documented(operation))


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return api.get_openapi_schema()


def test_every_error_status_has_the_error_shape(document) -> None:
    for path, methods in document["paths"].items():
        for method, details in methods.items():
            for status, response in details["responses"].items():
                if int(status) >= 400:
                    assert response["content"] == {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                    }, (method, path, status)


def _nullable(schema: dict[str, Any]) -> bool:
    return any(branch.get("type") == "null" for branch in schema.get("anyOf", []))


def test_optional_fields_are_nullable_in_the_document(document) -> None:
    """A field typed ``X | None`` is ``anyOf [..., {"type": "null"}]``, and a field that is not is not:
    a client generated from the document must expect exactly the nulls the API sends."""
    schemas = document["components"]["schemas"]
    checked = 0
    for cls in _schema_classes():
        if not issubclass(cls, BaseModel) or cls.__name__ not in schemas:
            continue
        properties = schemas[cls.__name__].get("properties", {})
        for name, field in cls.model_fields.items():
            key = field.serialization_alias or field.alias or name
            if key not in properties or "$ref" in properties[key]:
                continue
            optional = type(None) in typing.get_args(field.annotation)
            assert _nullable(properties[key]) == optional, (cls.__name__, name)
            checked += 1
    assert checked > 500


def test_status_change_by_is_nullable(document) -> None:
    by = document["components"]["schemas"]["AllianceStatusChangeOut"]["properties"]["by"]
    assert by["anyOf"] == [{"type": "string"}, {"type": "null"}]


def test_membership_and_pilot_applications_have_their_own_schemas(document) -> None:
    def ok(path: str, method: str = "get") -> str:
        content = document["paths"][path][method]["responses"][200]["content"]
        return content["application/json"]["schema"]["$ref"]

    assert ok("/api/applications/{application_id}") == "#/components/schemas/MembershipApplicationDetailOut"
    assert ok("/api/pilots/applications/{application_id}") == "#/components/schemas/PilotApplicationDetailOut"
    assert "history" in document["components"]["schemas"]["MembershipApplicationDetailOut"]["properties"]
    assert (
        "materials" not in document["components"]["schemas"]["MembershipApplicationDetailOut"]["properties"]
    )


# What anyone may read without logging in (``auth=PUBLIC``); the selectors scope each answer to the
# viewer, and a token or session only widens it. Every other operation answers 401 without credentials.
PUBLIC_OPERATIONS = {
    "GET /api/alliances",
    "GET /api/evaluation/campaigns/{campaign_id}/grades",
    "GET /api/alliances/{code}",
    "GET /api/alliances/{code}/fees",
    "GET /api/alliances/{code}/governance",
    "GET /api/alliances/{code}/background-ip",
    "GET /api/alliances/{code}/endorsements",
    "GET /api/alliances/{code}/history",
    "GET /api/alliances/{code}/invoices",
    "GET /api/alliances/{code}/meetings",
    "GET /api/alliances/{code}/members",
    "GET /api/alliances/{code}/motions",
    "GET /api/alliances/{code}/projects",
    "GET /api/alliances/{code}/results",
    "GET /api/catalogue",
    "GET /api/catalogue/{code}/{result}",
    "GET /api/expulsions/{expulsion_id}",
    "GET /api/meetings/{meeting_id}",
    "GET /api/motions/{motion_id}",
    "GET /api/organisations",
    "GET /api/organisations/{uscc}",
    "GET /api/partners",
    "GET /api/pilots/calls",
    "GET /api/pilots/calls/{call_id}",
    "GET /api/pilots/calls/{call_id}/published",
    "GET /api/projects/{project_id}",
    "GET /api/promotion/problems",
    "GET /api/promotion/problems/{problem_id}",
    "GET /api/rating/results",
    "GET /api/rating/titles",
    "GET /api/results/{result_id}",
    "GET /api/uscc/{code}",
}


def test_public_operations_are_pinned_and_marked(document) -> None:
    marked = {
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method, details in methods.items()
        if {} in details["security"]
    }
    assert marked == PUBLIC_OPERATIONS
    assert {f"{'/'.join(o.methods)} /api{p}" for p, o in OPERATIONS if is_public(o)} == PUBLIC_OPERATIONS
    for path, methods in document["paths"].items():
        for details in methods.values():
            assert details["security"][-2:] == [{"TokenAuth": []}, {"LoggedInSession": []}], path


def test_the_public_operations_answer_without_credentials(world) -> None:
    """… and no other does: each one answers an anonymous client with something other than 401."""
    client = Client()
    for operation in sorted(PUBLIC_OPERATIONS):
        method, path = operation.split(" ")
        url = path.format(code="CSA", uscc=world.member_a.uscc, call_id=0, meeting_id=0, motion_id=0,
                          expulsion_id=0, project_id=0, result_id=0, result="R00001", campaign_id=0,
                          problem_id=0)  # fmt: skip
        assert client.get(url).status_code != 401, operation


def test_document_is_served(db) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message", "fields"]


def test_unknown_api_address_is_a_json_404(db) -> None:
    for path in ("/api/nope", "/api/alliances/CSA/nope", "/api/alliances/"):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), path
        assert response.json() == {"code": "not_found", "message": "No such API address.", "fields": {}}


def test_dossier_asks_an_anonymous_client_to_authenticate(world) -> None:
    """The public may see CSA but never keeps a record: without credentials that is 401, not 403."""
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/api/dossiers/CSA")
    assert (response.status_code, response.json()) == (
        401,
        {"code": "unauthenticated", "message": "Log in or send an API token.", "fields": {}},
    )


def _integers_without_bounds(schema: Any, defs: dict[str, Any], where: str, seen: set[str]) -> list[str]:
    if isinstance(schema, list):
        return [
            p for i, s in enumerate(schema) for p in _integers_without_bounds(s, defs, f"{where}.{i}", seen)
        ]
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return _integers_without_bounds(defs[name], defs, name, seen | {name})
    found = [where] if schema.get("type") == "integer" and "maximum" not in schema else []
    for key, sub in schema.items():
        found += _integers_without_bounds(sub, defs, f"{where}.{key}", seen)
    return found


def test_every_integer_a_client_sends_is_bounded(document) -> None:
    """Ids, counts and years a client sends are bounded by their columns (``core.inputs.Id``, ``Count``,
    ``Year``): beyond 64 bits SQLite and PostgreSQL fail (a 500), beyond 32 bits PostgreSQL's integer
    columns do. ``core.values.integer_problem`` refuses the rest at run time."""
    defs = document["components"]["schemas"]
    unbounded = []
    for path, methods in document["paths"].items():
        for method, details in methods.items():
            where = f"{method.upper()} {path}"
            for parameter in details["parameters"]:
                unbounded += _integers_without_bounds(
                    parameter["schema"], defs, f"{where} {parameter['name']}", set()
                )
            for content in details.get("requestBody", {}).get("content", {}).values():
                unbounded += _integers_without_bounds(content["schema"], defs, f"{where} body", set())
    assert unbounded == []
